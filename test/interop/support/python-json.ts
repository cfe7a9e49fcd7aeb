/**
 * Python's own `json`, as simpleflow uses it, for a second opinion on what the simpleflow codec
 * writes. Needs `python3` (`.ci/run` installs it when missing).
 */
import { execFile } from 'node:child_process';

const SCRIPT = `
import builtins, importlib, json, sys
out = []
for line in sys.stdin:
    request = json.loads(line)
    op = request["op"]
    if op == "dumps":
        out.append(json.dumps(request["value"], sort_keys=True, separators=(",", ":")))
    elif op == "failure":
        details = json.loads(request["details"])
        module, _, name = details["error_type"].rpartition(".")
        cls = getattr(importlib.import_module(module or "builtins"), name, None)
        details["is_exception_class"] = isinstance(cls, type) and issubclass(cls, BaseException)
        out.append(json.dumps(details, sort_keys=True))
    elif op == "loads":
        out.append(json.dumps(json.loads(request["text"])))
print("\\n".join(out))
`;

/** A request to Python's `json`. */
export type PythonRequest =
  | { readonly op: 'dumps'; readonly value: unknown }
  | { readonly op: 'failure'; readonly details: string }
  | { readonly op: 'loads'; readonly text: string };

/** Runs the requests through Python; one answer (JSON text) per request. */
export function pythonJson(requests: readonly PythonRequest[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'python3',
      ['-c', SCRIPT],
      { maxBuffer: 16 * 1024 * 1024, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `python3 failed (${error.message}); install it with apt-get install -y python3 (.ci/run does this)\n${stderr}`,
            ),
          );
          return;
        }
        resolve(stdout.split('\n').filter((line) => line !== ''));
      },
    );
    child.stdin?.end(requests.map((request) => JSON.stringify(request)).join('\n'));
  });
}
