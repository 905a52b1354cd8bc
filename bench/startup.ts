// Cold start: the cost of running the CLI at all, against bare Node and istioctl.
import type {Command} from './lib/measure.js'

/** Commands timed by the startup benchmark; istioctl's rows only when it is installed. */
export function startupCommands(meshctl: string[], istioctl?: string): Command[] {
  const [node, ...bin] = meshctl
  return [
    {label: 'node -e 0', file: node, args: ['-e', '0']},
    {label: 'meshctl --version', file: node, args: [...bin, '--version']},
    // istioctl has no --version flag; `version --remote=false` is its equivalent
    ...(istioctl
      ? [{label: 'istioctl version --remote=false', file: istioctl, args: ['version', '--remote=false']}]
      : []),
    {label: 'meshctl --help', file: node, args: [...bin, '--help']},
    ...(istioctl ? [{label: 'istioctl --help', file: istioctl, args: ['--help']}] : []),
  ]
}
