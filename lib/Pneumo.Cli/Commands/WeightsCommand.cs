using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pneumo.Modeling;

namespace Pneumo.Cli.Commands;

/// <summary><c>pneumo weights check FILE --arch ARCH [--size N] [--json]</c>: a PyTorch weights file against our torchvision-named networks.</summary>
internal static class WeightsCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A state_dict saved by torch.save (.pth, .pt) or a .safetensors file." };
        var arch = new Option<string>("--arch") { Description = $"Architecture: {Architectures.Names(a => a.Pretrainable)}.", Required = true };
        var size = new Option<int>("--size") { Description = "Side of the fixed input (1 x C x N x N, element i = sin(0.001 i)).", DefaultValueFactory = _ => 224 };
        var json = new Option<bool>("--json") { Description = "One JSON object: arch, loadedTensors, missing, unexpected, output." };
        var check = new Command("check", "Build the whole torchvision network (its head included), load the file, print the output for a fixed input.") { file, arch, size, json };
        check.SetAction(p => CliRunner.Run(p, () =>
        {
            var result = WeightsCheck.Run(p.GetValue(file)!, p.GetValue(arch)!, p.GetValue(size));
            if (p.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    arch = result.Arch, loadedTensors = result.Report.Loaded, missing = result.Report.Missing, unexpected = result.Report.Unexpected,
                    inputChannels = result.InputChannels, classes = result.Classes, sha256 = result.Report.Sha256, output = result.Output,
                }));
                return 0;
            }
            Console.WriteLine($"{result.Arch}: {result.Report}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"input 1x{result.InputChannels}x{p.GetValue(size)}x{p.GetValue(size)}; {result.Classes} outputs, first: {string.Join(", ", result.Output.Take(5).Select(v => v.ToString("G6", CultureInfo.InvariantCulture)))}"));
            return result.Report.Missing.Count == 0 ? 0 : 1;
        }));
        var weights = new Command("weights", "PyTorch weights files: check one against the torchvision architectures.");
        weights.Subcommands.Add(check);
        return weights;
    }
}
