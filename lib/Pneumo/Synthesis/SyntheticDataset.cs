using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pneumo.Data;
using Pneumo.Dicom;
using Pneumo.Dicom.Codecs;
using Pneumo.Masks;
using Pneumo.IO;
using static Pneumo.Synthesis.SynthesisMath;

namespace Pneumo.Synthesis;

/// <summary>Options of the synthetic sample.</summary>
/// <param name="Count">Images with a DICOM and a label row (the planted quirks come on top).</param>
/// <param name="Size">Rows and columns (SIIM: 1024).</param>
/// <param name="Seed">Everything follows from it.</param>
/// <param name="PositiveShare">Share of images with a pneumothorax (SIIM: 22%).</param>
/// <param name="PlantQuirks">Add the data-quality problems the cleaning step must find.</param>
/// <param name="JpegQuality">JPEG Baseline quality.</param>
/// <param name="Version">The generator version to reproduce (<see cref="SyntheticDataset.Versions"/>): 2, the easy sample
/// the workbook has used so far; 3, lesion sizes and region counts drawn from the real labels.</param>
public sealed record SyntheticOptions(int Count = 500, int Size = 1024, int Seed = 42, double PositiveShare = 0.22, bool PlantQuirks = true, int JpegQuality = 92,
    int Version = SyntheticDataset.GeneratorVersion)
{
    /// <summary>
    /// The folder name that identifies a sample made with these options by this generator, e.g.
    /// <c>siim-synthetic-v2-n500-1024px-seed42</c>: a sample whose parameters changed lands in another folder, so it is
    /// generated anew and never mistaken for (or written over) an older one.
    /// </summary>
    public string FolderName => string.Create(CultureInfo.InvariantCulture,
        $"siim-synthetic-v{Version}-n{Count}-{Size}px-seed{Seed}{(PositiveShare == 0.22 ? "" : $"-pos{PositiveShare:0.###}")}{(PlantQuirks ? "" : "-noquirks")}{(JpegQuality == 92 ? "" : $"-q{JpegQuality}")}");
}

/// <summary>One image as the generator made it: the ground truth the tests compare the pipeline with.</summary>
public sealed record SyntheticImage(
    string ImageId, string RelativePath, string ViewPosition, string Sex, string AgeText, int Label,
    IReadOnlyList<string> Regions, IReadOnlyList<string> EncodedRegions, string? Quirk)
{
    /// <summary>ECG leads were drawn on the film (a pleural-line mimic).</summary>
    public bool EcgLeads { get; init; }

    /// <summary>The film's devices and mimics (generator version 3; null for older samples, which record only <see cref="EcgLeads"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FilmDevices? Devices { get; init; }
}

/// <summary>The generator's record, written as <c>synthetic-record.json</c> beside the data.</summary>
public sealed record SyntheticRecord(
    SyntheticOptions Options, IReadOnlyList<SyntheticImage> Images, IReadOnlyList<SyntheticQuirk> Quirks, LabelStatistics ExpectedLabelStatistics)
{
    /// <summary>The <see cref="SyntheticDataset.GeneratorVersion"/> that made the sample (1 for records written before versions were kept).</summary>
    public int GeneratorVersion { get; init; } = 1;

    /// <summary>True when this record describes exactly the sample <paramref name="options"/> asks of the current generator.</summary>
    public bool Matches(SyntheticOptions options) => GeneratorVersion == options.Version && Options == options;

    /// <summary>File name of the record inside the dataset root.</summary>
    public const string FileName = "synthetic-record.json";

    /// <summary>JSON options used to write and read the record.</summary>
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// The per-image devices and mimics of the sample at <paramref name="root"/>, by image id; null when there is no
    /// record there or its sample predates device labels (generator version 2 and older).
    /// </summary>
    public static IReadOnlyDictionary<string, FilmDevices>? DevicesOf(string? root)
    {
        if (root is null || !File.Exists(Path.Combine(root, FileName))) return null;
        var record = Load(root);
        if (record.Images.Any(i => i.Devices is null)) return null;
        var devices = new Dictionary<string, FilmDevices>(StringComparer.Ordinal);
        foreach (var image in record.Images) devices.TryAdd(image.ImageId, image.Devices!);
        return devices;
    }

    /// <summary>Reads a record.</summary>
    public static SyntheticRecord Load(string root) =>
        JsonSerializer.Deserialize<SyntheticRecord>(File.ReadAllText(Path.Combine(root, FileName)), Json)
        ?? throw new DataFileException($"{Path.Combine(root, FileName)} is empty");
}

/// <summary>A planted data-quality problem.</summary>
/// <param name="Kind">What it is, e.g. <c>truncated-file</c>.</param>
/// <param name="ImageId">The image concerned.</param>
/// <param name="RelativePath">Its file, when there is one.</param>
public sealed record SyntheticQuirk(string Kind, string ImageId, string? RelativePath);

/// <summary>
/// Generates a complete dataset in the Kaggle SIIM-ACR layout: <c>train-rle.csv</c> (relative column-major RLE,
/// Kaggle spacing) and <c>dicom-images-train/&lt;study&gt;/&lt;series&gt;/&lt;instance&gt;.dcm</c> (JPEG Baseline,
/// 8-bit MONOCHROME2, SIIM headers), plus planted quirks for the cleaning step. Deterministic for a seed, parallel.
/// </summary>
public static class SyntheticDataset
{
    /// <summary>
    /// Version of the generator's output: raised whenever the same options give other pixels, labels or headers.
    /// 2: the record says which films carry ECG leads (pixels and labels as in version 1). This is the default sample's
    /// version; the others in <see cref="Versions"/> are made on request (<see cref="SyntheticOptions.Version"/>).
    /// </summary>
    public const int GeneratorVersion = 3;

    /// <summary>
    /// The versions this generator reproduces. 3: each positive film's lesion area and region count drawn from the real
    /// SIIM-ACR labels (<see cref="LesionPlanner"/>), with basal (deep sulcus) regions on AP films; anatomy, contrast and
    /// negatives as in version 2.
    /// </summary>
    public static readonly IReadOnlyList<int> Versions = [2, 3];

    /// <summary>The quirk kinds planted when <see cref="SyntheticOptions.PlantQuirks"/> is set.</summary>
    public static readonly string[] QuirkKinds =
    [
        "dicom-without-label", "label-without-dicom", "truncated-file", "not-dicom", "implausible-age", "monochrome1",
        "unknown-sex", "duplicate-image-id",
    ];

    private sealed record Plan(int Index, string ImageId, string Study, string Series, string View, string Sex, int Age, string AgeText,
        IReadOnlyList<PneumothoraxRegion> Regions, int Seed, string PatientId, string? Quirk, bool Monochrome1, double PixelSpacing,
        FilmDevices? Devices = null);

    /// <summary>Generates the dataset into <paramref name="root"/> (created; existing generated files are replaced).</summary>
    public static SyntheticRecord Generate(string root, SyntheticOptions options, IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        if (options.Count < 10) throw new ArgumentOutOfRangeException(nameof(options), "at least 10 images");
        if (options.Size is < 64 or > 4096) throw new ArgumentOutOfRangeException(nameof(options), "size between 64 and 4096");
        if (!Versions.Contains(options.Version))
            throw new ArgumentOutOfRangeException(nameof(options), $"sample version {options.Version}: this generator makes {string.Join(" or ", Versions)}");
        Directory.CreateDirectory(root);
        var plans = MakePlans(options);
        var images = new SyntheticImage[plans.Count];
        int done = 0;
        Parallel.ForEach(plans, new ParallelOptions { CancellationToken = cancel, MaxDegreeOfParallelism = Environment.ProcessorCount }, plan =>
        {
            images[plan.Index] = WriteImage(root, plan, options);
            progress?.Report(new WorkProgress("synthesising films", Interlocked.Increment(ref done), plans.Count));
        });

        var quirks = new List<SyntheticQuirk>();
        var rows = new List<(string ImageId, string Value)>();
        foreach (var image in images)
        {
            if (image.Quirk is { } q) quirks.Add(new SyntheticQuirk(q, image.ImageId, image.RelativePath));
            if (image.Quirk == "dicom-without-label") continue;
            if (image.Label == 0) rows.Add((image.ImageId, "-1"));
            else foreach (var e in image.EncodedRegions) rows.Add((image.ImageId, e));
        }
        if (options.PlantQuirks) PlantFileQuirks(root, options, images, quirks, rows);

        // Kaggle spacing: "ImageId, EncodedPixels" and every value after ", ".
        var csv = new StringBuilder("ImageId, EncodedPixels\n");
        foreach (var (id, value) in rows) csv.Append(id).Append(", ").Append(value).Append('\n');
        AtomicFile.WriteAllBytes(Path.Combine(root, "train-rle.csv"), Encoding.ASCII.GetBytes(csv.ToString()));

        var stats = LabelStatistics.Compute(LabelFile.Parse(csv.ToString(), "train-rle.csv"), options.Size, options.Size);
        var record = new SyntheticRecord(options, images, quirks, stats) { GeneratorVersion = options.Version };
        AtomicFile.WriteAllBytes(Path.Combine(root, SyntheticRecord.FileName), JsonSerializer.SerializeToUtf8Bytes(record, SyntheticRecord.Json));
        return record;
    }

    private static List<Plan> MakePlans(SyntheticOptions o)
    {
        var rng = new Random(o.Seed);
        var uids = new SiimUidFactory(o.Seed + 1);
        int total = o.Count + (o.PlantQuirks ? 3 : 0); // three "dicom-without-label" images on top of the labelled ones
        var views = Enumerable.Range(0, total).Select(_ => rng.NextDouble() < 0.6 ? "PA" : "AP").ToArray();
        // about 22% positive; AP films (sicker, supine patients) a little more often than PA ones
        var positive = new bool[total];
        var order = Enumerable.Range(0, total).OrderBy(i => rng.NextDouble() / (views[i] == "AP" ? 1.3 : 1.0)).ToArray();
        int positives = (int)Math.Round(o.PositiveShare * total);
        for (int k = 0; k < positives; k++) positive[order[k]] = true;

        var plans = new List<Plan>(total);
        for (int i = 0; i < total; i++)
        {
            var (study, series, instance) = uids.Next();
            string sex = rng.NextDouble() < 0.56 ? "M" : "F";
            int age = (int)Math.Clamp(Math.Round(47 + 17 * Gaussian(rng)), 10, 90);
            var regions = positive[i] ? MakeRegions(rng) : [];
            plans.Add(new Plan(i, instance, study, series, views[i], sex, age, age.ToString(CultureInfo.InvariantCulture), regions,
                rng.Next(), "", null, false, Math.Round(0.139 + 0.032 * rng.NextDouble(), 3)));
        }
        if (o.Version >= 3)
        {
            // lesions as the real labels have them, each film's sized on its own lungs, and the film's devices and mimics
            // (DevicePlanner); streams of their own, so that patients, views and labels stay version 2's
            var planned = plans.ToArray();
            Parallel.For(0, total, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                var p = planned[i];
                var film = new ChestFilmSpec(o.Size, p.View, p.Sex, p.Age, [], p.Seed);
                var regions = p.Regions.Count == 0 ? p.Regions : LesionPlanner.Plan(film, new Random(unchecked(o.Seed * 7919 + 31 * i + 3)));
                var devices = DevicePlanner.Plan(p.View == "AP", regions, new Random(unchecked(o.Seed * 7919 + 31 * i + 5)));
                planned[i] = p with { Regions = regions, Devices = devices };
            });
            plans = [.. planned];
        }
        // Deterministic "UUIDs" for patient IDs (Guid.NewGuid is not seeded).
        for (int i = 0; i < total; i++)
        {
            var bytes = new byte[16];
            rng.NextBytes(bytes);
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            plans[i] = plans[i] with { PatientId = new Guid(bytes).ToString() };
        }
        if (o.PlantQuirks)
        {
            // Quirks on chosen images: the last three have no label row; a few others carry header problems.
            for (int k = 0; k < 3; k++) plans[total - 1 - k] = plans[total - 1 - k] with { Quirk = "dicom-without-label" };
            int Pick(Func<Plan, bool> ok)
            {
                var candidates = plans.Where(p => p.Quirk is null && ok(p)).ToList();
                return candidates[rng.Next(candidates.Count)].Index;
            }
            int age = Pick(p => p.Regions.Count == 0);
            plans[age] = plans[age] with { Quirk = "implausible-age", Age = 413, AgeText = "413" };
            int mono = Pick(_ => true);
            plans[mono] = plans[mono] with { Quirk = "monochrome1", Monochrome1 = true };
            int sex = Pick(_ => true);
            plans[sex] = plans[sex] with { Quirk = "unknown-sex", Sex = "O" };
        }
        return plans;
    }

    private static IReadOnlyList<PneumothoraxRegion> MakeRegions(Random rng)
    {
        bool right = rng.NextDouble() < 0.55;
        var site = rng.NextDouble() < 0.6 ? PneumothoraxSite.Apical : PneumothoraxSite.Lateral;
        // widely varying size: a third small and subtle, a third moderate, a third large (generator version 2 tried
        // thinner rims and fainter pleural lines: from scratch on 400 training films a fold then stayed at chance)
        double u = rng.NextDouble();
        double depth = u < 0.3 ? 0.1 + 0.1 * rng.NextDouble() : u < 0.65 ? 0.2 + 0.2 * rng.NextDouble() : 0.4 + 0.3 * rng.NextDouble();
        var first = new PneumothoraxRegion(right, site, depth, 0.7 + 0.6 * rng.NextDouble(), 0.3 * (rng.NextDouble() - 0.5));
        double more = rng.NextDouble();
        if (more < 0.75) return [first];
        // 2-3 annotated regions: a second crescent at the other site of the same lung, sometimes overlapping the first
        var otherSite = site == PneumothoraxSite.Apical ? PneumothoraxSite.Lateral : PneumothoraxSite.Apical;
        bool overlap = rng.NextDouble() < 0.35;
        var second = new PneumothoraxRegion(right, otherSite, depth * (0.5 + 0.5 * rng.NextDouble()), overlap ? 1.0 : 0.45, overlap ? 0.2 : -0.35);
        if (more < 0.93) return [first, second];
        var third = new PneumothoraxRegion(right, site, depth * 0.5, 0.35, site == PneumothoraxSite.Apical ? 0.9 : -0.9);
        return [first, second, third];
    }

    private static SyntheticImage WriteImage(string root, Plan plan, SyntheticOptions o)
    {
        var spec = new ChestFilmSpec(o.Size, plan.View, plan.Sex, plan.Age, plan.Regions, plan.Seed);
        var film = plan.Devices is { } devices ? ChestRadiograph.Render(spec, devices) : ChestFilmSynthesizer.Render(spec);
        var pixels = film.Pixels;
        if (plan.Monochrome1)
        {
            pixels = (byte[])pixels.Clone();
            for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(255 - pixels[i]);
        }
        var relative = Path.Combine("dicom-images-train", plan.Study, plan.Series, plan.ImageId + ".dcm");
        var ds = SiimHeader(plan, o.Size);
        if (plan.Monochrome1) ds.SetString(DicomTags.PhotometricInterpretation, "MONOCHROME1");
        ds.SetEncapsulatedPixelData([JpegBaselineCodec.EncodeGray(pixels, o.Size, o.Size, o.JpegQuality)]);
        DicomWriter.WriteFile(Path.Combine(root, relative), ds, TransferSyntax.JpegBaseline);
        var encoded = film.RegionMasks.Select(m => RunLengthMask.FromMask(m).ToString()).ToList();
        var regions = plan.Regions.Select(r => $"{(r.RightLung ? "right" : "left")} {r.Site.ToString().ToLowerInvariant()} depth {r.Depth:F2}".Replace(',', '.')).ToList();
        return new SyntheticImage(plan.ImageId, relative.Replace('\\', '/'), plan.View, plan.Sex, plan.AgeText, plan.Regions.Count > 0 ? 1 : 0, regions, encoded, plan.Quirk)
        {
            EcgLeads = film.EcgLeads,
            Devices = plan.Devices,
        };
    }

    /// <summary>The SIIM header: Secondary Capture, CR, WSD, CHEST, bare-number age, UUID patient, 1901-01-01.</summary>
    private static DicomDataset SiimHeader(Plan p, int size)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.SpecificCharacterSet, "ISO_IR 100");
        ds.SetString(DicomTags.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7");
        ds.SetString(DicomTags.SOPInstanceUID, p.ImageId);
        ds.SetString(DicomTags.StudyDate, "19010101");
        ds.SetString(DicomTags.StudyTime, "000000.00");
        ds.SetString(DicomTags.AccessionNumber, "");
        ds.SetString(DicomTags.Modality, "CR");
        ds.SetString(DicomTags.ConversionType, "WSD");
        ds.SetString(DicomTags.ReferringPhysicianName, "");
        ds.SetString(DicomTags.SeriesDescription, "view: " + p.View);
        ds.SetString(DicomTags.PatientName, p.PatientId);
        ds.SetString(DicomTags.PatientID, p.PatientId);
        ds.SetString(DicomTags.PatientBirthDate, "");
        ds.SetString(DicomTags.PatientSex, p.Sex);
        ds.SetString(DicomTags.PatientAge, p.AgeText);
        ds.SetString(DicomTags.BodyPartExamined, "CHEST");
        ds.SetString(DicomTags.ViewPosition, p.View);
        ds.SetString(DicomTags.StudyInstanceUID, p.Study);
        ds.SetString(DicomTags.SeriesInstanceUID, p.Series);
        ds.SetString(DicomTags.StudyID, "");
        ds.SetString(DicomTags.SeriesNumber, "1");
        ds.SetString(DicomTags.InstanceNumber, "1");
        ds.SetString(DicomTags.PatientOrientation, "");
        ds.SetUInt16(DicomTags.SamplesPerPixel, 1);
        ds.SetString(DicomTags.PhotometricInterpretation, "MONOCHROME2");
        ds.SetUInt16(DicomTags.Rows, (ushort)size);
        ds.SetUInt16(DicomTags.Columns, (ushort)size);
        var spacing = p.PixelSpacing.ToString("0.000", CultureInfo.InvariantCulture);
        ds.SetString(DicomTags.PixelSpacing, spacing, spacing);
        ds.SetUInt16(DicomTags.BitsAllocated, 8);
        ds.SetUInt16(DicomTags.BitsStored, 8);
        ds.SetUInt16(DicomTags.HighBit, 7);
        ds.SetUInt16(DicomTags.PixelRepresentation, 0);
        ds.SetString(DicomTags.LossyImageCompression, "01");
        ds.SetString(new DicomTag(0x0028, 0x2114), "ISO_10918_1");
        return ds;
    }

    private static void PlantFileQuirks(string root, SyntheticOptions o, SyntheticImage[] images, List<SyntheticQuirk> quirks, List<(string, string)> rows)
    {
        var rng = new Random(o.Seed + 99);
        var uids = new SiimUidFactory(o.Seed + 98);
        var labelled = images.Where(i => i.Quirk is null).ToList();

        // Label rows whose DICOM is missing: two negatives and one positive (with the mask of a real image).
        var donor = labelled.First(i => i.Label == 1);
        for (int k = 0; k < 3; k++)
        {
            var id = uids.Next().Instance;
            rows.Add((id, k == 0 ? donor.EncodedRegions[0] : "-1"));
            quirks.Add(new SyntheticQuirk("label-without-dicom", id, null));
        }
        // A truncated file: cut in the middle of its JPEG data.
        var cut = labelled[rng.Next(0, labelled.Count / 2)];
        var cutPath = Path.Combine(root, cut.RelativePath);
        var bytes = File.ReadAllBytes(cutPath);
        AtomicFile.WriteAllBytes(cutPath, bytes[..(int)(bytes.Length * 0.6)]);
        quirks.Add(new SyntheticQuirk("truncated-file", cut.ImageId, cut.RelativePath));
        images[Array.IndexOf(images, cut)] = cut with { Quirk = "truncated-file" };
        // A ".dcm" that is not DICOM at all: an HTML error page saved by a download tool.
        var (study, series, instance) = uids.Next();
        var fake = Path.Combine("dicom-images-train", study, series, instance + ".dcm").Replace('\\', '/');
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, fake))!);
        AtomicFile.WriteAllBytes(Path.Combine(root, fake), Encoding.ASCII.GetBytes("<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>\n"));
        rows.Add((instance, "-1"));
        quirks.Add(new SyntheticQuirk("not-dicom", instance, fake));
        // The same image twice: a copy under another study folder.
        var dup = labelled[rng.Next(labelled.Count / 2, labelled.Count)];
        var dupPath = Path.Combine("dicom-images-train", uids.Next().Study, "1", dup.ImageId + ".dcm").Replace('\\', '/');
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, dupPath))!);
        File.Copy(Path.Combine(root, dup.RelativePath), Path.Combine(root, dupPath), overwrite: true);
        quirks.Add(new SyntheticQuirk("duplicate-image-id", dup.ImageId, dupPath));
        images[Array.IndexOf(images, dup)] = dup with { Quirk = "duplicate-image-id" };
    }
}
