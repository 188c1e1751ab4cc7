namespace Pneumo.Data;

/// <summary>
/// A dataset in the Kaggle SIIM-ACR layout: <c>train-rle.csv</c> (or <c>stage_2_train.csv</c>) and every DICOM under
/// <c>dicom-images-train/</c> (or under the root when that folder is absent), found recursively.
/// ImageId is the file name without <c>.dcm</c> (the SOP Instance UID).
/// </summary>
public sealed class SiimDataset
{
    /// <summary>Label file names tried, in order.</summary>
    public static readonly string[] LabelFileNames = ["train-rle.csv", "stage_2_train.csv"];

    private SiimDataset(string root, string? labelsPath, string imagesFolder, IReadOnlyList<string> files)
    {
        Root = root;
        LabelsPath = labelsPath;
        ImagesFolder = imagesFolder;
        DicomFiles = files;
        FilesByImageId = files.ToLookup(ImageIdOf, StringComparer.Ordinal);
    }

    /// <summary>The dataset root (absolute).</summary>
    public string Root { get; }
    /// <summary>The label CSV, or null when the root has none.</summary>
    public string? LabelsPath { get; }
    /// <summary>Where DICOMs were searched.</summary>
    public string ImagesFolder { get; }
    /// <summary>Every <c>.dcm</c> file, absolute, sorted (ordinal) so runs are reproducible.</summary>
    public IReadOnlyList<string> DicomFiles { get; }
    /// <summary>Files by ImageId; more than one file means a duplicate.</summary>
    public ILookup<string, string> FilesByImageId { get; }

    /// <summary>ImageId of a file: its name without <c>.dcm</c>.</summary>
    public static string ImageIdOf(string path) => Path.GetFileNameWithoutExtension(path);

    /// <summary>The path relative to the root, with forward slashes (as written in tables).</summary>
    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    /// <summary>Absolute path of a root-relative path.</summary>
    public string Absolute(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    /// <summary>Finds the label file and the DICOMs under <paramref name="root"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The root does not exist.</exception>
    /// <exception cref="DataFileException">No DICOM file anywhere under the root.</exception>
    public static SiimDataset Open(string root)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"{root}: the dataset folder does not exist");
        var labels = LabelFileNames.Select(n => Path.Combine(root, n)).FirstOrDefault(File.Exists);
        var images = Path.Combine(root, "dicom-images-train");
        if (!Directory.Exists(images)) images = root;
        var files = Directory.EnumerateFiles(images, "*.dcm", new EnumerationOptions { RecurseSubdirectories = true, MatchCasing = MatchCasing.CaseInsensitive, IgnoreInaccessible = true })
            .OrderBy(p => p, StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new DataFileException($"{images}: no .dcm files found (expected the Kaggle layout dicom-images-train/<study>/<series>/<image>.dcm)");
        return new SiimDataset(root, labels, images, files);
    }

    /// <summary>Reads the label file.</summary>
    /// <exception cref="LabelFileException">No label file in the root, or it cannot be read.</exception>
    public LabelFile ReadLabels() => LabelsPath is null
        ? throw new LabelFileException($"{Root}: no label file ({string.Join(" or ", LabelFileNames)})")
        : LabelFile.Read(LabelsPath);
}
