namespace Pneumo.Modeling;

/// <summary>
/// The registry of backbones: the classifier, the U-Net, <c>weights check</c>, the config's validation and every help
/// text read it, so a backbone is added here once.
/// </summary>
public static class Architectures
{
    /// <summary>The compact CNN (<see cref="CompactCnn"/>): the quick default, no pretrained weights.</summary>
    public static readonly Architecture Small = new("small", "compact CNN, the quick default", (c, _) => new CompactCnn(c)) { HasPyramid = true };

    /// <summary>ResNet-18 with torchvision's parameter names.</summary>
    public static readonly Architecture ResNet18 = new("resnet18", "ResNet-18", (c, k) => ResNet.ResNet18(c, k), "conv1.weight", "fc.") { HasPyramid = true };

    /// <summary>ResNet-34 with torchvision's parameter names.</summary>
    public static readonly Architecture ResNet34 = new("resnet34", "ResNet-34", (c, k) => ResNet.ResNet34(c, k), "conv1.weight", "fc.") { HasPyramid = true };

    /// <summary>ResNet-50 with torchvision's parameter names.</summary>
    public static readonly Architecture ResNet50 = new("resnet50", "ResNet-50", (c, k) => ResNet.ResNet50(c, k), "conv1.weight", "fc.") { HasPyramid = true };

    /// <summary>DenseNet-121 with torchvision's parameter names (CheXNet's backbone; no encoder pyramid).</summary>
    public static readonly Architecture DenseNet121 = new("densenet121", "DenseNet-121", (c, k) => DenseNet.DenseNet121(c, k), "features.conv0.weight",
        "classifier.");

    /// <summary>Every backbone, in the order help texts list them.</summary>
    public static readonly IReadOnlyList<Architecture> All = [Small, ResNet18, ResNet34, ResNet50, DenseNet121];

    /// <summary>The architecture named <paramref name="name"/> (case-insensitive; <c>compact</c> is <c>small</c>).</summary>
    /// <exception cref="ArgumentException">An unknown name, in one line listing the known ones.</exception>
    public static Architecture Get(string name)
    {
        var key = name.Trim().ToLowerInvariant();
        if (key == "compact") return Small;
        return All.FirstOrDefault(a => a.Name == key) ?? throw new ArgumentException($"unknown model '{name}': {Names()}");
    }

    /// <summary>The names of the architectures that satisfy <paramref name="where"/> (all by default), as prose: "a, b or c".</summary>
    public static string Names(Func<Architecture, bool>? where = null)
    {
        var names = All.Where(where ?? (_ => true)).Select(a => a.Name).ToList();
        return names.Count < 2 ? string.Concat(names) : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];
    }
}
