using Pneumo.Dicom;
using Pneumo.Imaging;

namespace Pneumo.Tests.Imaging;

/// <summary>The integer block path of the area resize gives exactly the values of the weighted path it replaces.</summary>
public class AreaResizeTests
{
    [Theory]
    [InlineData(256)]
    [InlineData(512)]
    [InlineData(1024)]
    public void PowerOfTwoShrink_IsTheWeightedResizeExactly(int size)
    {
        // a real film (the SIIM-like sample) and noise with every value, including blocks whose mean ends in .5
        var film = DicomImage.Open(TestFiles.Dicom(TestFiles.SiimLike)).Render8();
        var noise = new byte[1024 * 1024];
        new Random(11).NextBytes(noise);
        foreach (var image in new[] { film, noise })
            Assert.Equal(AreaResize.ResizeWeighted(image, 1024, 1024, size, size), AreaResize.Resize(image, 1024, 1024, size, size));
    }

    [Theory]
    [InlineData(256, 0.5)]
    [InlineData(512, 0.5)]
    [InlineData(256, 0.25)]
    public void PowerOfTwoMaskShrink_IsTheWeightedResizeExactly(int size, double threshold)
    {
        var random = new Random(5);
        var mask = new byte[1024 * 1024];
        for (int i = 0; i < mask.Length; i++) mask[i] = (byte)(random.NextDouble() < 0.5 ? 1 : 0);
        var fast = AreaResize.ResizeMask(mask, 1024, 1024, size, size, threshold);
        Assert.Equal(AreaResize.ResizeMaskWeighted(mask, 1024, 1024, size, size, threshold), fast);
        Assert.Contains((byte)1, fast);
        Assert.Contains((byte)0, fast);
    }

    [Fact]
    public void OtherFactors_KeepTheWeightedPath()
    {
        var image = new byte[300 * 200];
        new Random(3).NextBytes(image);
        Assert.Equal(AreaResize.ResizeWeighted(image, 300, 200, 128, 96), AreaResize.Resize(image, 300, 200, 128, 96));
    }
}
