import { describe, expect, it } from "vitest";
import type { JobVariable } from "../../job/job-spec.js";
import { serviceWaitTimeout } from "./service-wait-timeout.js";

const variable = (value: string): JobVariable => ({
  name: "WAIT_FOR_SERVICES_TIMEOUT",
  value,
  masked: false,
  file: false,
});

describe("serviceWaitTimeout", () => {
  it("is 30 seconds without the variable", () => {
    expect(serviceWaitTimeout([])).toEqual({ ms: 30_000, warning: undefined });
  });

  it("takes the job's seconds, the last definition winning", () => {
    expect(serviceWaitTimeout([variable("5"), variable(" 90 ")])).toEqual({
      ms: 90_000,
      warning: undefined,
    });
  });

  it("does not wait for 0 or -1", () => {
    expect(serviceWaitTimeout([variable("0")]).ms).toBe(0);
    expect(serviceWaitTimeout([variable("-1")]).ms).toBe(0);
  });

  it("keeps the default and warns for what is not a number of seconds", () => {
    for (const bad of ["30s", "-2", "3601", "1.5"]) {
      const result = serviceWaitTimeout([variable(bad)]);
      expect(result.ms).toBe(30_000);
      expect(result.warning).toContain(`WAIT_FOR_SERVICES_TIMEOUT=${bad} is not`);
    }
  });
});
