namespace Pneumo.Imaging;

/// <summary>
/// The side of the square images the networks see (the refined cache's size, the training config's
/// <c>imageSize</c>, the input of <c>weights check</c>): one range, checked in one place.
/// </summary>
public static class ImageSize
{
    /// <summary>The smallest side: five stride-2 stages leave a 1x1 map.</summary>
    public const int Min = 32;
    /// <summary>The largest side: twice the films' 1024, beyond which nothing is gained and memory runs out.</summary>
    public const int Max = 2048;

    /// <summary>Returns <paramref name="size"/> when it is in range.</summary>
    /// <exception cref="ArgumentException">Out of range, in one line naming <paramref name="name"/>.</exception>
    public static int Check(int size, string name = "imageSize") =>
        size is >= Min and <= Max ? size : throw new ArgumentException($"{name} {size}: {Min} to {Max} pixels");
}
