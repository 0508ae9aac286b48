// deploy/k8s: every manifest parses, and the fields a cluster acts on hold together — kinds and
// apiVersions, selectors that match their pods' labels, the Service's port on a container port,
// the worker image and command, resource requests within limits, the GPU variant's nvidia.com/gpu.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

const dir = resolve(__dirname, '../../../deploy/k8s');

interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  ports?: { name?: string; containerPort: number }[];
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    selector?: Record<string, string> & { matchLabels?: Record<string, string> };
    ports?: { port: number; targetPort?: string | number }[];
    podSelector?: { matchLabels: Record<string, string> };
    template?: { metadata: { labels: Record<string, string> }; spec: { containers: Container[] } };
  };
}

function load(): Map<string, Manifest[]> {
  const files = new Map<string, Manifest[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const docs = parseAllDocuments(readFileSync(join(dir, file), 'utf8'));
    for (const d of docs) assert.deepEqual(d.errors, [], `${file}: ${d.errors.join('; ')}`);
    files.set(
      file,
      docs.map((d) => d.toJS() as Manifest),
    );
  }
  return files;
}

/** Kubernetes quantities in base units (cores, bytes), enough for requests-vs-limits. */
function quantity(value: string | number): number {
  const m = String(value).match(/^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti)?$/);
  assert.ok(m, `quantity '${value}'`);
  const scale: Record<string, number> = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  return Number(m[1]) * (m[2] ? scale[m[2]] : 1);
}

const apiVersions: Record<string, string> = {
  Service: 'v1',
  Deployment: 'apps/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
};

describe('deploy/k8s manifests', () => {
  const files = load();
  const all = [...files.values()].flat();
  const deployments = all.filter((m) => m.kind === 'Deployment');
  const byName = (name: string) => all.find((m) => m.metadata.name === name);

  it('holds a Redis Service and Deployment, a CPU worker Deployment and a GPU one', () => {
    assert.deepEqual([...files.keys()].sort(), ['redis.yaml', 'worker-gpu.yaml', 'worker.yaml']);
    assert.equal(byName('nngpt-redis')?.kind, 'Service');
    assert.deepEqual(deployments.map((d) => d.metadata.name).sort(), [
      'nngpt-redis',
      'nngpt-worker',
      'nngpt-worker-gpu',
    ]);
    for (const m of all) assert.equal(m.apiVersion, apiVersions[m.kind], `${m.kind} ${m.metadata.name}`);
  });

  it("every Deployment's selector matches its pod labels, and every container asks for resources within its limits", () => {
    for (const d of deployments) {
      const labels = d.spec.template!.metadata.labels;
      for (const [k, v] of Object.entries(d.spec.selector!.matchLabels!)) assert.equal(labels[k], v, d.metadata.name);
      for (const c of d.spec.template!.spec.containers) {
        const { requests, limits } = c.resources ?? {};
        assert.ok(requests?.cpu && requests.memory && limits?.cpu && limits.memory, `${c.name}: requests and limits`);
        for (const key of Object.keys(requests))
          assert.ok(quantity(requests[key]) <= quantity(limits[key] ?? requests[key]), `${d.metadata.name} ${key}`);
      }
    }
  });

  it("the Redis Service selects the Redis pods on a port they expose, and only the pool's pods may reach it", () => {
    const service = all.find((m) => m.kind === 'Service')!;
    const redis = deployments.find((d) => d.metadata.name === 'nngpt-redis')!;
    const labels = redis.spec.template!.metadata.labels;
    for (const [k, v] of Object.entries(service.spec.selector!)) assert.equal(labels[k], v);
    const ports = redis.spec.template!.spec.containers[0].ports ?? [];
    for (const p of service.spec.ports!)
      assert.ok(ports.some((c) => c.name === p.targetPort || c.containerPort === p.targetPort));
    const redisContainer = redis.spec.template!.spec.containers[0];
    assert.ok(redisContainer.args?.includes('--requirepass'), 'Redis asks for a password');
    const policy = all.find((m) => m.kind === 'NetworkPolicy')!;
    assert.deepEqual(policy.spec.podSelector!.matchLabels, { 'app.kubernetes.io/name': 'nngpt-redis' });
  });

  it('the workers run nngpt worker from the image, with the Redis URL from a Secret', () => {
    for (const name of ['nngpt-worker', 'nngpt-worker-gpu']) {
      const [c] = deployments.find((d) => d.metadata.name === name)!.spec.template!.spec.containers;
      assert.match(c.image, /^nngpt-worker:/);
      assert.deepEqual(c.command, ['node', '/app/dist/cli.js', 'worker']);
      const url = c.env?.find((e) => e.name === 'NNGPT_REDIS_URL');
      assert.deepEqual(url?.valueFrom?.secretKeyRef, { name: 'nngpt-redis', key: 'url' });
      assert.ok(!(c.args ?? []).includes('--redis'), 'no URL (with its password) on the command line');
    }
  });

  it('the GPU variant requests and limits one nvidia.com/gpu; the CPU one none', () => {
    const resources = (name: string) =>
      deployments.find((d) => d.metadata.name === name)!.spec.template!.spec.containers[0].resources!;
    assert.equal(resources('nngpt-worker-gpu').limits!['nvidia.com/gpu'], 1);
    assert.equal(resources('nngpt-worker-gpu').requests!['nvidia.com/gpu'], 1);
    assert.equal(resources('nngpt-worker').limits!['nvidia.com/gpu'], undefined);
  });
});
