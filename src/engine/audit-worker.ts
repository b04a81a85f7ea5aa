/**
 * An audit worker thread: reads its share of the manifest files, reports their Namespaces and
 * problems, then reviews its own objects with the compiled modules the audit posts to it and
 * sends back the findings. See ./audit.ts.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { FromWorker, ToWorker, WorkerInit } from "./audit.js";
import { namespacesOf, reviewManifests } from "./audit.js";
import { createEngine } from "./engine.js";
import { readManifestInput, type InputError } from "./manifests.js";
import type { K8sObject, Manifest } from "./types.js";
import { instantiate } from "./wasm.js";

const port = parentPort!;
const init = workerData as WorkerInit;
const send = (m: FromWorker) => port.postMessage(m);

try {
  const manifests: Manifest[] = [];
  const errors: { error: InputError; order: number }[] = [];
  const namespaces: { object: K8sObject; order: number; document: number }[] = [];
  for (const { input, order } of init.inputs) {
    const r = readManifestInput(input, init.maxFileBytes ? { maxFileBytes: init.maxFileBytes } : {});
    manifests.push(...r.manifests);
    for (const error of r.errors) errors.push({ error, order });
    for (const m of r.manifests) if (namespacesOf([m.object]).size) namespaces.push({ object: m.object, order, document: m.source.document });
  }
  send({ type: "parsed", objects: manifests.length, namespaces, errors });
  port.once("message", (msg: ToWorker) => {
    void (async () => {
      try {
        const engine = await createEngine({
          templates: msg.templates,
          constraints: msg.constraints,
          expansionTemplates: msg.expansionTemplates,
          loader: (t) => {
            const mod = msg.modules[t.name];
            if (!mod) throw new Error(`template ${t.name} did not compile`);
            return instantiate(t, mod);
          },
        });
        const { findings, errors: reviewErrors } = reviewManifests(engine, manifests, namespacesOf(msg.namespaces));
        send({ type: "done", findings, errors: reviewErrors });
      } catch (e) {
        send({ type: "failed", message: (e as Error).message });
      }
    })();
  });
} catch (e) {
  send({ type: "failed", message: (e as Error).message });
}
