import { defineConfig } from "vitest/config";

// Two projects: `unit` runs anywhere without privilege; `integration` needs root and real
// kernel features (user namespaces, overlayfs, runc) and runs serially to keep the host quiet.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
