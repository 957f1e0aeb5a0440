import { registryApiHost, type ImageReference } from "./image-reference.js";
import { RegistryClient, type RegistryClientOptions } from "./registry-client.js";

/** A client for the repository `ref` names, saying `what` in its errors. */
export function registryFor(
  ref: ImageReference,
  what: string,
  options: RegistryClientOptions,
): RegistryClient {
  return new RegistryClient(registryApiHost(ref.registry), ref.repository, what, options);
}
