/**
 * The AWS Flow Framework for Java's data converter on the real Jackson: the Java program in
 * `../java` (Flow's exact ObjectMapper settings), compiled once into a temporary folder (named
 * by a hash of its sources) and run with a batch of requests.
 *
 * It needs a JDK (`javac`, `java`) and Debian's `libjackson2-databind-java`; `.ci/run` installs
 * both. Without them the tests fail, saying what to install.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCES = fileURLToPath(new URL('../java', import.meta.url));
const JARS = ['jackson-databind', 'jackson-core', 'jackson-annotations'].map(
  (name) => `/usr/share/java/${name}.jar`,
);
const INSTALL =
  'Install a JDK and Jackson: apt-get update && apt-get install -y default-jdk-headless libjackson2-databind-java (.ci/run does this)';

/** A request to the converter (see FlowJackson.java). */
export type FlowRequest =
  | { readonly op: 'toData'; readonly value: string }
  | { readonly op: 'fromData'; readonly type: string; readonly data: string | null }
  | { readonly op: 'throwable'; readonly data: string };

/** A Java value with its classes, as FlowJackson.java describes it. */
export interface JavaDescription {
  readonly class: string;
  readonly value?: unknown;
  readonly items?: readonly (JavaDescription | null)[];
  readonly entries?: Readonly<Record<string, JavaDescription | null>>;
  readonly fields?: Readonly<Record<string, JavaDescription | null>>;
}

/** One link of a rebuilt exception's chain. */
export interface JavaThrowable {
  readonly class: string;
  readonly message: string | null;
  readonly frames: number;
  readonly top?: string;
}

/** The converter's answer to one request. */
export interface FlowAnswer {
  readonly ok: boolean;
  readonly error?: string;
  readonly data?: string;
  readonly value?: JavaDescription | null;
  readonly chain?: readonly JavaThrowable[];
}

function run(command: string, args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
    child.stdin?.end(input ?? '');
  });
}

function javaSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? javaSources(join(dir, entry.name))
      : entry.name.endsWith('.java')
        ? [join(dir, entry.name)]
        : [],
  );
}

let compiled: Promise<string> | undefined;

/** Compiles the program once per version of its sources; resolves with its classpath. */
function compile(): Promise<string> {
  compiled ??= (async () => {
    const missing = JARS.filter((jar) => !existsSync(jar));
    if (missing.length > 0)
      throw new Error(`Jackson is missing (${missing.join(', ')}). ${INSTALL}`);
    await run('javac', ['-version']).catch(() => {
      throw new Error(`javac is missing. ${INSTALL}`);
    });
    const sources = javaSources(SOURCES).sort();
    const hash = createHash('sha256');
    for (const file of sources) hash.update(file.slice(SOURCES.length)).update(readFileSync(file));
    const out = join(
      tmpdir(),
      `swf-activity-worker-flow-jackson-${hash.digest('hex').slice(0, 16)}`,
    );
    const classpath = [out, ...JARS].join(':');
    if (existsSync(join(out, 'FlowJackson.class'))) return classpath;
    // Compiled aside and renamed, so that a concurrent run never sees half a folder.
    const building = `${out}.${process.pid}`;
    mkdirSync(building, { recursive: true });
    await run('javac', ['-d', building, '-cp', JARS.join(':'), ...sources]);
    try {
      renameSync(building, out);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another run finished first
    }
    return classpath;
  })();
  return compiled;
}

/** Sends `requests` to Flow's converter on the real Jackson; one answer per request. */
export async function flowJackson(requests: readonly FlowRequest[]): Promise<FlowAnswer[]> {
  const classpath = await compile();
  const output = await run(
    'java',
    [
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      '-Xshare:auto',
      '-cp',
      classpath,
      'FlowJackson',
    ],
    requests.map((request) => JSON.stringify(request)).join('\n'),
  );
  const answers = output
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as FlowAnswer);
  if (answers.length !== requests.length) {
    throw new Error(`FlowJackson answered ${answers.length} of ${requests.length} requests`);
  }
  return answers;
}

/** What Flow writes for the Java value named `name` in FlowJackson.java. */
export async function flowToData(...names: string[]): Promise<string[]> {
  const answers = await flowJackson(names.map((value) => ({ op: 'toData', value })));
  return answers.map((answer, index) => {
    if (!answer.ok || answer.data === undefined) {
      throw new Error(`toData(${names[index]}) failed: ${answer.error}`);
    }
    return answer.data;
  });
}
