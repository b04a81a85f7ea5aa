/**
 * The reader's limits, one place. Every read, parse and conversion is bounded by them; going over
 * one is an input error naming the file and document, never a crash or a silent pass.
 */

/** Bytes of one Kubernetes object (one YAML/JSON document, or one item of a streamed `List`): the API server's request-body limit (3 MiB). */
export const MAX_OBJECT_BYTES = 3 * 1024 * 1024;
/** Bytes read from one input (file, stdin, FIFO, device) in total; multi-document streams and `List`s are read in chunks, so memory stays bounded below this. */
export const MAX_INPUT_BYTES = 1024 * 1024 * 1024;
/** Nesting of mappings and sequences in one document (Kubernetes objects rarely exceed 20; the evaluator's own limit is 1,000 including the review's wrapping). */
export const MAX_DEPTH = 500;
/** Values (scalars, mappings, sequences) in one document after expanding YAML aliases: the alias budget is on the expanded size, not the alias count. */
export const MAX_NODES = 1_000_000;
/** Containers + initContainers + ephemeralContainers of one pod spec. */
export const MAX_CONTAINERS = 1000;
/** Volumes of one pod spec. */
export const MAX_VOLUMES = 1000;
/** Bytes read per `read(2)`. */
export const CHUNK_BYTES = 256 * 1024;

/** The limits in force; every field defaults to the constant of the same name. */
export interface ReadLimits {
  readonly maxObjectBytes: number;
  readonly maxInputBytes: number;
  readonly maxDepth: number;
  readonly maxNodes: number;
  readonly maxContainers: number;
  readonly maxVolumes: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxObjectBytes: MAX_OBJECT_BYTES,
  maxInputBytes: MAX_INPUT_BYTES,
  maxDepth: MAX_DEPTH,
  maxNodes: MAX_NODES,
  maxContainers: MAX_CONTAINERS,
  maxVolumes: MAX_VOLUMES,
};

/** `"3.0 MiB"`. */
export function mib(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}
