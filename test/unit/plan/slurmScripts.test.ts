import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { shellQuote, slurmScripts, type SlurmOptions } from '../../../src/core/plan/slurmScripts';

const base: SlurmOptions = {
  planPath: "/data/isic run's plan/maskmedpaint-plan.json",
  planId: 'abcdef0123456789'.repeat(4),
  resources: { gpus: 1, cpus: 4, memoryMb: 16384 },
  cli: "'/usr/bin/node' '/opt/maskmedpaint/dist/cli.js'",
};

test('the array job asks for one GPU per shard by default, and the resources the plan gives', () => {
  const job = slurmScripts({
    ...base,
    partition: 'gpu',
    time: '4:00:00',
    setup: 'module load nodejs/20',
  })['job.sbatch'];
  const directives = job.split('\n').filter((line) => line.startsWith('#SBATCH'));
  assert.deepEqual(directives, [
    '#SBATCH --ntasks=1',
    '#SBATCH --cpus-per-task=4',
    '#SBATCH --gres=gpu:1',
    '#SBATCH --mem=16384M',
    '#SBATCH --partition=gpu',
    '#SBATCH --time=4:00:00',
  ]);
  assert.match(job, /\nmodule load nodejs\/20\n/);
  assert.match(
    job,
    /\nexec '\/usr\/bin\/node' '\/opt\/maskmedpaint\/dist\/cli.js' augment --plan '\/data\/isic run'\\''s plan\/maskmedpaint-plan.json' --shard "\$SLURM_ARRAY_TASK_ID"\n$/,
  );
});

test('--gres none, or a plan without GPUs, leaves --gres out; an explicit spec is used as given', () => {
  const gres = (options: Partial<SlurmOptions>): string[] => {
    const job = slurmScripts({ ...base, ...options })['job.sbatch'];
    return job.split('\n').filter((line) => line.includes('--gres'));
  };
  assert.deepEqual(gres({ gres: 'none' }), []);
  assert.deepEqual(gres({ resources: { gpus: 0, cpus: 1, memoryMb: null } }), []);
  assert.deepEqual(gres({ gres: 'gpu:a100:2' }), ['#SBATCH --gres=gpu:a100:2']);
});

test('a value an #SBATCH line cannot carry is refused', () => {
  assert.throws(
    () => slurmScripts({ ...base, partition: 'gpu --exclusive' }),
    /--partition "gpu --exclusive" holds characters/,
  );
});

test('submit.sh submits only what status lists, then a merge that waits for the array', () => {
  const submit = slurmScripts(base)['submit.sh'];
  assert.match(
    submit,
    /shards=\$\('\/usr\/bin\/node' '\/opt\/maskmedpaint\/dist\/cli.js' status --plan "\$plan" --todo\)/,
  );
  assert.match(submit, /--array="\$shards"/);
  assert.match(submit, /--dependency="afterok:\$job" --kill-on-invalid-dep=yes/);
  assert.match(submit, /name='mmp-abcdef012345'/);
  // Valid bash.
  execFileSync('bash', ['-n'], { input: submit });
});

test('shellQuote survives bash', () => {
  for (const text of ["it's", 'a b', '$HOME', '"q"', '`x`', '']) {
    assert.equal(
      execFileSync('bash', ['-c', `printf %s ${shellQuote(text)}`], { encoding: 'utf8' }),
      text,
    );
  }
});
