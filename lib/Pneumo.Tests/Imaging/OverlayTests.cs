using Pneumo.Imaging;

namespace Pneumo.Tests.Imaging;

public class OverlayTests
{
    [Fact]
    public void Mask_TintsMaskedPixels_AndLeavesTheRestGray()
    {
        var gray = Enumerable.Repeat((byte)100, 25).ToArray();
        var mask = new byte[25];
        for (int r = 1; r <= 3; r++) for (int c = 1; c <= 3; c++) mask[r * 5 + c] = 1;
        var rgb = Overlay.Mask(gray, mask, 5, 5);
        Assert.Equal(new byte[] { 100, 100, 100 }, rgb[..3]);                       // outside: unchanged
        Assert.Equal(new byte[] { 255, 40, 40 }, rgb.AsSpan(3 * 6, 3).ToArray());   // (1,1) is on the outline
        Assert.True(rgb[3 * 12] > 100 && rgb[3 * 12] < 255);                         // (2,2) inside: blended
    }

    [Fact]
    public void Heatmap_ZeroHeatKeepsTheFilm_HighHeatIsRed()
    {
        var gray = new byte[] { 50, 50 };
        var rgb = Overlay.Heatmap(gray, new float[] { 0f, 1f }, 2, 1, alpha: 1);
        Assert.Equal(new byte[] { 50, 50, 50 }, rgb[..3]);
        Assert.True(rgb[3] > 200 && rgb[5] < 60, $"hot pixel {rgb[3]},{rgb[4]},{rgb[5]}");
    }

    [Fact]
    public void AreaResize_ExactFactor_AveragesBlocks()
    {
        var source = new byte[] { 0, 4, 8, 12, 0, 4, 8, 12, 100, 100, 0, 0, 100, 100, 0, 0 };
        Assert.Equal(new byte[] { 2, 10, 100, 0 }, AreaResize.Resize(source, 4, 4, 2, 2));
    }
}
