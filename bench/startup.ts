// Cold start: the cost of running the CLI at all, against bare Node and istioctl.
import type {Command} from './lib/measure.js'

/** A startup row: meshctl's arguments and the istioctl command it is compared with. */
export interface StartupTask {
  name: string
  meshctl: string[]
  istioctl: string[]
}

export const STARTUP_TASKS: StartupTask[] = [
  // istioctl has no --version flag; `version --remote=false` is its equivalent
  {name: '--version', meshctl: ['--version'], istioctl: ['version', '--remote=false']},
  // --version and --help never load a command's code; every other run does
  {
    name: 'version --remote=false',
    meshctl: ['version', '--remote=false'],
    istioctl: ['version', '--remote=false'],
  },
  {name: '--help', meshctl: ['--help'], istioctl: ['--help']},
]

/** The measurement labels of a task's two commands. */
export function startupLabels(task: StartupTask): {meshctl: string; istioctl: string} {
  return {meshctl: `meshctl ${task.meshctl.join(' ')}`, istioctl: `istioctl ${task.istioctl.join(' ')}`}
}

/** Commands timed by the startup benchmark, `node -e 0` first; istioctl's only when it is installed. */
export function startupCommands(meshctl: string[], istioctl?: string): Command[] {
  const [node, ...bin] = meshctl
  const commands: Command[] = [{label: 'node -e 0', file: node, args: ['-e', '0']}]
  for (const task of STARTUP_TASKS) {
    const labels = startupLabels(task)
    commands.push({label: labels.meshctl, file: node, args: [...bin, ...task.meshctl]})
    if (istioctl && !commands.some((c) => c.label === labels.istioctl))
      commands.push({label: labels.istioctl, file: istioctl, args: task.istioctl})
  }
  return commands
}
