/**
 * A short account of a registry's non-success answer for error messages: the status and the
 * first error of the v2 error body (`{"errors":[{"code","message"}]}`), or the body's start.
 */
export async function describeRegistryAnswer(response: Response): Promise<string> {
  let body = "";
  try {
    body = (await response.text()).slice(0, 2000);
  } catch {
    // The status alone must do.
  }
  let detail = body.replace(/\s+/g, " ").trim().slice(0, 200);
  try {
    const parsed = JSON.parse(body) as { errors?: { code?: unknown; message?: unknown }[] };
    const first = parsed.errors?.[0];
    if (first !== undefined) detail = `${String(first.code)}: ${String(first.message)}`;
  } catch {
    // Not JSON: keep the text.
  }
  const status = `HTTP ${response.status}${response.statusText === "" ? "" : ` ${response.statusText}`}`;
  return detail === "" ? status : `${status} (${detail})`;
}
