/**
 * DESIGN.md's import rules, kept true mechanically. Data flows one way: job sources ->
 * executor -> sandbox backends -> network/image -> core. Nothing below imports anything above.
 */
const layer = (name) => `^src/${name}/`;
module.exports = {
  forbidden: [
    {
      name: "core-is-the-bottom",
      comment: "core/ is the shared kernel and knows nothing of the project",
      severity: "error",
      from: { path: layer("core") },
      to: { path: "^src/", pathNot: layer("core") },
    },
    {
      name: "job-and-config-use-only-core",
      severity: "error",
      from: { path: "^src/(job|config)/" },
      to: { path: "^src/", pathNot: "^src/(core|job|config)/" },
    },
    {
      name: "image-and-network-use-only-core",
      severity: "error",
      from: { path: "^src/(image|sandbox/network)/" },
      to: { path: "^src/", pathNot: "^src/(core|image|sandbox/network)/" },
    },
    {
      name: "job-sources-never-touch-backends",
      comment: "pipeline, gitlab and fleet produce JobSpecs and hand them to executor",
      severity: "error",
      from: { path: "^src/(pipeline|gitlab|fleet)/" },
      to: { path: "^src/(sandbox|image|app|cli)/" },
    },
    {
      name: "executor-knows-only-the-sandbox-interface",
      severity: "error",
      from: { path: layer("executor") },
      to: { path: "^src/sandbox/(container|microvm|network)/" },
    },
    {
      name: "sandbox-never-reaches-up",
      severity: "error",
      from: { path: "^src/sandbox/" },
      to: { path: "^src/(app|cli|executor|pipeline|gitlab|fleet|store|web)/" },
    },
    {
      name: "only-cli-uses-app",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(cli|app)/" },
      to: { path: layer("app") },
    },
    {
      name: "nobody-imports-cli",
      severity: "error",
      from: { path: "^src/", pathNot: layer("cli") },
      to: { path: layer("cli") },
    },
    {
      name: "store-only-for-fleet-and-web",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(store|fleet|web|app)/" },
      to: { path: layer("store") },
    },
    { name: "no-cycles", severity: "error", from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
