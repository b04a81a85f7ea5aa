/** Registry of every check by id, in a stable order (the order of this list). */
import { allowPrivilegeEscalation } from "./allowPrivilegeEscalation.js";
import { appArmor } from "./appArmor.js";
import { capabilities } from "./capabilities.js";
import { csiDrivers } from "./csiDrivers.js";
import { flexVolumeDrivers } from "./flexVolumeDrivers.js";
import { fsGroup } from "./fsGroup.js";
import { hostNamespaces } from "./hostNamespaces.js";
import { hostPathVolumes } from "./hostPathVolumes.js";
import { hostPorts } from "./hostPorts.js";
import { hostProbesAndLifecycle } from "./hostProbesAndLifecycle.js";
import type { CheckParamsById } from "./params.js";
import { privileged } from "./privileged.js";
import { procMount } from "./procMount.js";
import { readOnlyRootFilesystem } from "./readOnlyRootFilesystem.js";
import { runtimeClass } from "./runtimeClass.js";
import { runAsGroup } from "./runAsGroup.js";
import { runAsNonRoot } from "./runAsNonRoot.js";
import { runAsUser } from "./runAsUser.js";
import { seccomp } from "./seccomp.js";
import { seLinux } from "./seLinux.js";
import { supplementalGroups } from "./supplementalGroups.js";
import { sysctls } from "./sysctls.js";
import type { CheckDefinition } from "./types.js";
import { volumeTypes } from "./volumeTypes.js";
import { windowsHostProcess } from "./windowsHostProcess.js";

/** Every check, keyed by id. */
export const CHECKS: { readonly [K in keyof CheckParamsById]: CheckDefinition<CheckParamsById[K]> } & Readonly<Record<string, CheckDefinition<any>>> = {
  privileged, allowPrivilegeEscalation, capabilities, readOnlyRootFilesystem, procMount, runAsNonRoot,
  runAsUser, runAsGroup, supplementalGroups, fsGroup, seccomp, appArmor, seLinux, windowsHostProcess,
  hostNamespaces, hostPorts, volumeTypes, hostPathVolumes, flexVolumeDrivers, sysctls, hostProbesAndLifecycle,
  csiDrivers, runtimeClass,
};
