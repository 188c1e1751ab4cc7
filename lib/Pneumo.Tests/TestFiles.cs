using System.Security.Cryptography;

namespace Pneumo.Tests;

/// <summary>Resolves the project's own test data (copied next to the test assembly) and scratch folders.</summary>
internal static class TestFiles
{
    public static string DataRoot => Path.Combine(AppContext.BaseDirectory, "TestData");

    public static string Dicom(string name)
    {
        var path = Path.Combine(DataRoot, "dicom", name);
        if (!File.Exists(path)) throw new FileNotFoundException($"test file {name} is missing from {Path.GetDirectoryName(path)}", path);
        return path;
    }

    public const string SiimLike = "generated__siim_like_cr_jpeg50.dcm";

    /// <summary>A fresh empty folder under the system temp folder, removed when disposed.</summary>
    public static TempFolder NewTempFolder() => new();

    public static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    public sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pneumo-tests-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

/// <summary>One row of TestData/dicom/MANIFEST.tsv.</summary>
internal sealed record ManifestRow(string File, string TransferSyntax, string Modality, string StoredSha256, string Reference)
{
    /// <summary>The hash is the reference: the decoders agree, or only dcmtk converts YCbCr to RGB (as libjpeg does, the reference here).</summary>
    public bool HasTrustedHash => StoredSha256 != "-" && (!Reference.Contains("DIFFER", StringComparison.Ordinal) || Reference.Contains("dcmtk's conversion to RGB", StringComparison.Ordinal));

    public static IReadOnlyList<ManifestRow> Load()
    {
        var lines = System.IO.File.ReadAllLines(Path.Combine(TestFiles.DataRoot, "dicom", "MANIFEST.tsv"));
        var header = lines[0].Split('\t');
        int Col(string name) => Array.IndexOf(header, name);
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(c =>
            new ManifestRow(c[Col("file")], c[Col("transfer_syntax")], c[Col("modality")], c[Col("stored_sha256")], c[Col("reference")])).ToList();
    }
}
