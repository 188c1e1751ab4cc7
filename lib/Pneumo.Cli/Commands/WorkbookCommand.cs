using System.CommandLine;
using Pneumo.Compute;
using Pneumo.Dicom;
using Pneumo.Dicom.Codecs;
using TorchSharp;

namespace Pneumo.Cli.Commands;

/// <summary>
/// <c>pneumo workbook</c>: the README's main command. Until the notebooks land it runs a short end-to-end check of the
/// foundation: the Torch backend, then a JPEG Baseline DICOM written, read back and decoded.
/// </summary>
internal static class WorkbookCommand
{
    public static Command Create()
    {
        var cmd = new Command("workbook", "Run the study on the embedded default (for now: a check of the foundation).");
        cmd.SetAction(p => CliRunner.Run(p, () =>
        {
            var device = TorchDevice.Select();
            Console.WriteLine($"torch: {TorchDevice.Describe(device)}");
            using (var scope = TorchSharp.torch.NewDisposeScope())
            {
                var conv = TorchSharp.torch.nn.Conv2d(1, 2, 3).to(device);
                var y = conv.forward(TorchSharp.torch.randn(1, 1, 16, 16, device: device));
                Console.WriteLine($"torch: convolution output {string.Join("x", y.shape)}");
            }

            var folder = Path.Combine(RepositoryRoot(), "data", "raw");
            var path = Path.Combine(folder, "foundation-check.dcm");
            var ds = new DicomDataset();
            ds.SetString(DicomTags.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7");
            ds.SetString(DicomTags.SOPInstanceUID, "2.25." + new Random(1).NextInt64(1, long.MaxValue));
            ds.SetString(DicomTags.Modality, "CR");
            ds.SetString(DicomTags.BodyPartExamined, "CHEST");
            ds.SetString(DicomTags.ViewPosition, "PA");
            ds.SetUInt16(DicomTags.SamplesPerPixel, 1);
            ds.SetString(DicomTags.PhotometricInterpretation, "MONOCHROME2");
            ds.SetUInt16(DicomTags.Rows, 256);
            ds.SetUInt16(DicomTags.Columns, 256);
            ds.SetUInt16(DicomTags.BitsAllocated, 8);
            ds.SetUInt16(DicomTags.BitsStored, 8);
            ds.SetUInt16(DicomTags.HighBit, 7);
            ds.SetUInt16(DicomTags.PixelRepresentation, 0);
            var pixels = new byte[256 * 256];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)((i % 256 + i / 256) / 2);
            ds.SetEncapsulatedPixelData([JpegBaselineCodec.EncodeGray(pixels, 256, 256)]);
            DicomWriter.WriteFile(path, ds, TransferSyntax.JpegBaseline);
            var decoded = PixelData.Decode(DicomFile.Open(path));
            Console.WriteLine($"dicom: wrote and decoded {path} ({decoded.Description.Columns}x{decoded.Description.Rows}, {DicomFile.Open(path).TransferSyntax.Name})");
            Console.WriteLine("workbook: the foundation works. The notebooks (EDA, cleaning, K-fold, training, results) arrive with the workbook issue.");
            return 0;
        }));
        return cmd;
    }

    /// <summary>The repository root: the nearest parent folder of the current one holding Pneumo.Notebooks.sln, else the current folder.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pneumo.Notebooks.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
