// The debug images people reach for when a Service does not answer: `busybox` and `curlimages/curl`
// (any tag). Both run the sim's toolbox (src/toolbox) with the container's command/args, as their
// real entrypoints would: busybox has no entrypoint and `sh` as its default command; the curl image's
// entrypoint runs `curl "$@"` when the first argument is an option, the arguments themselves otherwise.
import { applet, isKnown, unavailableMessage } from '../toolbox/commands.ts';
import { type ContainerSpecLike, type ImageEntry, imageNameMatcher, StartError } from './image-catalog.ts';
import { prepareToolbox, toolboxProgram } from './toolbox-program.ts';

function busyboxArgv(container: ContainerSpecLike): string[] {
  const args = container.args ?? [];
  if (container.command && container.command.length > 0) return [...container.command, ...args];
  return args.length > 0 ? args : ['sh'];
}

function curlArgv(container: ContainerSpecLike): string[] {
  const args = container.args ?? [];
  if (container.command && container.command.length > 0) return [...container.command, ...args];
  const given = args.length > 0 ? args : ['curl'];
  return given[0]?.startsWith('-') ? ['curl', ...given] : given;
}

function toolboxImage(name: string, argv: (container: ContainerSpecLike) => string[]): ImageEntry {
  return {
    pattern: `${name}:*`,
    matches: imageNameMatcher(name),
    prepare: async (log) => {
      await prepareToolbox(log);
    },
    plan(container) {
      const program = toolboxProgram();
      const args = argv(container);
      // A program the image does not have fails the start, as the runtime's exec would: the Pod's
      // status then says why (StartError), not only its log.
      const [name = ''] = applet(args);
      if (!isKnown(name)) {
        throw new StartError(
          `failed to create containerd task: failed to create shim task: OCI runtime create failed: exec: "${name}": executable file not found in $PATH (${unavailableMessage(name)})`,
        );
      }
      return { nodeArgs: program.nodeArgs, entry: program.entry, args, cwd: program.cwd };
    },
  };
}

export function busyboxImage(): ImageEntry {
  return toolboxImage('busybox', busyboxArgv);
}

export function curlImage(): ImageEntry {
  return toolboxImage('curlimages/curl', curlArgv);
}
