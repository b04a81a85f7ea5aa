/**
 * An audit worker thread: streams its share of the manifest files — first for their Namespaces
 * when the policies need them, then to review each object with the compiled modules the audit
 * posts to it — and sends back findings, not-checked objects and problems. See ./audit.ts.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { FromWorker, ToWorker, WorkerInit } from "./audit.js";
import { namespacesOf, Reviewer } from "./audit.js";
import { createEngine } from "./engine.js";
import { streamManifestInput, type InputError } from "./manifests.js";
import type { K8sObject } from "./types.js";
import { instantiate } from "./wasm.js";

const port = parentPort!;
const init = workerData as WorkerInit;
const send = (m: FromWorker) => port.postMessage(m);

try {
  const errors: { error: InputError; order: number }[] = [];
  const namespaces: { object: K8sObject; order: number; document: number }[] = [];
  if (init.needsNamespaces) {
    for (const { input, order } of init.inputs) {
      streamManifestInput(input, init.read, (m) => { if (namespacesOf([m.object]).size) namespaces.push({ object: m.object, order, document: m.source.document }); }, (error) => errors.push({ error, order }));
    }
  }
  send({ type: "parsed", namespaces, errors });
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
        const reviewer = new Reviewer(engine, namespacesOf(msg.namespaces), msg.constraints);
        const inputErrors: { error: InputError; order: number }[] = [];
        for (const { input, order } of init.inputs) {
          streamManifestInput(input, init.read, (m) => reviewer.review(m), (error) => { if (!init.needsNamespaces) inputErrors.push({ error, order }); });
        }
        send({ type: "done", findings: reviewer.findings, notChecked: reviewer.notChecked, errors: reviewer.errors, inputErrors, objects: reviewer.objects });
      } catch (e) {
        send({ type: "failed", message: (e as Error).message });
      }
    })();
  });
} catch (e) {
  send({ type: "failed", message: (e as Error).message });
}
