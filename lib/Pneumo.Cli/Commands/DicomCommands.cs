using System.CommandLine;
using Pneumo.Dicom;
using Pneumo.Imaging;

namespace Pneumo.Cli.Commands;

/// <summary><c>pneumo dicom info|pixels|png</c>.</summary>
internal static class DicomCommands
{
    public static Command Create()
    {
        var dicom = new Command("dicom", "Read DICOM files: header, stored pixel values, presentation image.");
        dicom.Subcommands.Add(Info());
        dicom.Subcommands.Add(Pixels());
        dicom.Subcommands.Add(Png());
        return dicom;
    }

    private static Argument<string> FileArgument() => new("FILE") { Description = "A DICOM file." };

    private static Command Info()
    {
        var file = FileArgument();
        var json = new Option<bool>("--json") { Description = "One JSON object keyed by DICOM keyword." };
        var cmd = new Command("info", "Show the header (File Meta and dataset).") { file, json };
        cmd.SetAction(p => CliRunner.Run(p, () =>
        {
            var dicom = DicomFile.Open(p.GetValue(file)!);
            if (p.GetValue(json)) Console.WriteLine(DicomJson.Serialize(dicom));
            else
            {
                Console.WriteLine($"# {dicom.FilePath}: {dicom.TransferSyntax}");
                Print(dicom.FileMetaInformation, "");
                Print(dicom.Dataset, "");
            }
            return 0;
        }));
        return cmd;
    }

    private static void Print(DicomDataset dataset, string indent)
    {
        foreach (var e in dataset.Elements)
        {
            string value = e.Items is not null ? $"{e.Items.Count} item(s)"
                : e.Fragments is not null ? $"{e.Fragments.Fragments.Count} fragment(s), {e.Fragments.TotalBytes} bytes"
                : dataset.GetString(e.Tag) is { } s ? Shorten(s) : $"{e.RawValue.Length} bytes";
            Console.WriteLine($"{indent}{e.Tag} {e.VR.Code()} {e.Keyword ?? "",-32} {value}");
            if (e.Items is not null)
                for (int i = 0; i < e.Items.Count; i++)
                {
                    Console.WriteLine($"{indent}  > item {i + 1}");
                    Print(e.Items[i], indent + "    ");
                }
        }
    }

    private static string Shorten(string s) => s.Length > 80 ? s[..77] + "..." : s;

    private static Command Pixels()
    {
        var file = FileArgument();
        var output = new Option<string>("--out", "-o") { Description = "Raw output file.", Required = true };
        var cmd = new Command("pixels", "Write the decoded stored values of all frames: little endian, BitsAllocated bits per sample, colour interleaved RGB.") { file, output };
        cmd.SetAction(p => CliRunner.Run(p, () =>
        {
            var pixels = PixelData.Decode(DicomFile.Open(p.GetValue(file)!));
            File.WriteAllBytes(p.GetValue(output)!, pixels.Stored);
            var d = pixels.Description;
            Console.Error.WriteLine($"{d.Frames} frame(s) {d.Columns}x{d.Rows}x{d.SamplesPerPixel}, {d.BitsAllocated} bits: {pixels.Stored.Length} bytes");
            return 0;
        }));
        return cmd;
    }

    private static Command Png()
    {
        var file = FileArgument();
        var output = new Option<string>("--out", "-o") { Description = "PNG output file.", Required = true };
        var window = new Option<string?>("--window") { Description = "VOI window CENTER,WIDTH (default: the header's, else a robust percentile window)." };
        var frame = new Option<int>("--frame") { Description = "Frame index (0-based).", DefaultValueFactory = _ => 0 };
        var cmd = new Command("png", "Write the presentation image (Modality LUT, VOI window, MONOCHROME1 inverted) as PNG.") { file, output, window, frame };
        cmd.SetAction(p => CliRunner.Run(p, () =>
        {
            var image = DicomImage.Open(p.GetValue(file)!);
            var w = p.GetValue(window) is { } text ? VoiWindow.Parse(text) : null;
            int f = p.GetValue(frame);
            if (f < 0 || f >= image.Description.Frames) throw new ArgumentException($"frame {f} does not exist (the image has {image.Description.Frames})");
            var pixels = image.Render8(f, w);
            PngImage.Save(p.GetValue(output)!, pixels, image.Width, image.Height, image.Description.SamplesPerPixel);
            return 0;
        }));
        return cmd;
    }
}
