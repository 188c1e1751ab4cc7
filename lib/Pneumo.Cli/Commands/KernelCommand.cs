using System.CommandLine;
using Pneumo.Runner.Kernel;

namespace Pneumo.Cli.Commands;

/// <summary><c>pneumo kernel install|uninstall|run</c>: the "C# (Pneumo)" Jupyter kernel for VS Code and Jupyter.</summary>
internal static class KernelCommand
{
    public static Command Create()
    {
        var user = new Option<bool>("--user") { Description = "Install for the current user (default: system-wide, /usr/local/share/jupyter/kernels)." };
        var prefix = new Option<string?>("--prefix") { Description = "Install under PREFIX/share/jupyter/kernels (e.g. a virtual environment)." };
        var install = new Command("install", "Write the pneumo-csharp kernelspec (\"C# (Pneumo)\").") { user, prefix };
        install.SetAction(p => CliRunner.Run(p, () =>
        {
            // dotnet with the built entry point, on every OS: VS Code's Jupyter extension cannot spawn a .cmd launcher on
            // Windows (microsoft/vscode-jupyter#16496). PNEUMO_ROOT tells the kernel where the repository is.
            string[] argv = [DotnetHost(), typeof(KernelCommand).Assembly.Location];
            var folder = KernelSpec.Install(KernelSpec.KernelsFolder(p.GetValue(user), p.GetValue(prefix)), argv);
            Console.WriteLine($"installed {KernelSpec.Name} (\"{KernelSpec.DisplayName}\") in {folder}");
            return 0;
        }));
        var uninstall = new Command("uninstall", "Remove the pneumo-csharp kernelspec.") { user, prefix };
        uninstall.SetAction(p => CliRunner.Run(p, () =>
        {
            var removed = KernelSpec.Uninstall(KernelSpec.KernelsFolder(p.GetValue(user), p.GetValue(prefix)));
            Console.WriteLine(removed ? $"removed {KernelSpec.Name}" : $"{KernelSpec.Name} was not installed there");
            return 0;
        }));
        var connection = new Option<string>("--connection-file") { Description = "The connection file Jupyter passes.", Required = true };
        var run = new Command("run", "Serve the Jupyter messaging protocol (started by Jupyter / VS Code).") { connection };
        run.SetAction(p => CliRunner.Run(p, () =>
        {
            using var server = new JupyterKernelServer(ConnectionInfo.Read(p.GetValue(connection)!));
            server.RunAsync().GetAwaiter().GetResult();
            return 0;
        }));
        var cmd = new Command("kernel", "The project's Jupyter kernel.");
        cmd.Subcommands.Add(install);
        cmd.Subcommands.Add(uninstall);
        cmd.Subcommands.Add(run);
        return cmd;
    }

    /// <summary>The dotnet host running this program (full path, so the kernel starts without PATH), else "dotnet".</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? host : "dotnet";
}
