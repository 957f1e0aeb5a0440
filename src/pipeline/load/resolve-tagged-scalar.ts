import { resolvePlainScalar } from "./resolve-plain-scalar.js";

/**
 * The value of a scalar with an explicit standard tag (`!!str 12`, `!!int "12"`), or
 * undefined when the tag is not one GitLab's loader understands for a scalar.
 */
export function resolveTaggedScalar(tag: string, text: string): unknown {
  switch (tag) {
    case "!":
    case "tag:yaml.org,2002:str":
      return text;
    case "tag:yaml.org,2002:null":
      return null;
    case "tag:yaml.org,2002:bool":
      return typeOrUndefined(resolvePlainScalar(text), "boolean");
    case "tag:yaml.org,2002:int": {
      const value = resolvePlainScalar(text);
      return typeof value === "number" && Number.isInteger(value) ? value : undefined;
    }
    case "tag:yaml.org,2002:float": {
      const value = resolvePlainScalar(text);
      return typeof value === "number" ? value : undefined;
    }
    default:
      return undefined;
  }
}

function typeOrUndefined(value: unknown, type: "boolean"): unknown {
  return typeof value === type ? value : undefined;
}
