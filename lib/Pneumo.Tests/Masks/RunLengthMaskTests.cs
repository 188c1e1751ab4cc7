using Pneumo.Masks;

namespace Pneumo.Tests.Masks;

public class RunLengthMaskTests
{
    [Fact]
    public void Parse_HandWorkedRelativeColumnMajor_SetsTheRightPixels()
    {
        // 4 columns x 3 rows; column-major numbering: pixel i is column i / 3, row i % 3.
        // "1 2 3 1": first run at 1, length 2 (pixels 1, 2); the next starts 3 after the end (3) -> pixel 6, length 1.
        var mask = RunLengthMask.Parse("1 2 3 1", width: 4, height: 3).ToMask();
        var expected = new byte[]
        {
            0, 0, 1, 0, // row 0: pixel 6 = column 2, row 0
            1, 0, 0, 0, // row 1: pixel 1 = column 0, row 1
            1, 0, 0, 0, // row 2: pixel 2 = column 0, row 2
        };
        Assert.Equal(expected, mask.Pixels);
        Assert.Equal(3, mask.Area);
        Assert.Equal((0, 0, 2, 2), mask.BoundingBox());
    }

    [Fact]
    public void Parse_RunsTouchingFirstAndLastPixel_RoundTrip()
    {
        var mask = new BinaryMask(5, 4);
        mask[0, 0] = true;
        mask[3, 4] = true; // the last pixel in column-major order is the bottom-right one
        var text = RunLengthMask.FromMask(mask).ToString();
        Assert.Equal("0 1 18 1", text);
        Assert.True(RunLengthMask.Parse(text, 5, 4).ToMask().SameAs(mask));
    }

    [Fact]
    public void Parse_AbsoluteConvention_IsOneBased()
    {
        var relative = RunLengthMask.Parse("1 2 3 1", 4, 3);
        Assert.Equal("2 2 7 1", relative.ToString(RunLengthConvention.Absolute));
        Assert.True(RunLengthMask.Parse("2 2 7 1", 4, 3, RunLengthConvention.Absolute).ToMask().SameAs(relative.ToMask()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RoundTrip_RandomMasks_AreExact(int seed)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 200; trial++)
        {
            int w = rng.Next(1, 40), h = rng.Next(1, 40);
            var mask = new BinaryMask(w, h);
            double density = rng.NextDouble();
            int blobs = rng.Next(0, 4);
            for (int i = 0; i < mask.Pixels.Length; i++) mask.Pixels[i] = rng.NextDouble() < density * 0.3 ? (byte)1 : (byte)0;
            for (int b = 0; b < blobs; b++)
            {
                int r0 = rng.Next(h), c0 = rng.Next(w), r1 = rng.Next(r0, h), c1 = rng.Next(c0, w);
                for (int r = r0; r <= r1; r++) for (int c = c0; c <= c1; c++) mask[r, c] = true;
            }
            if (rng.Next(4) == 0) mask.Pixels[0] = 1;
            if (rng.Next(4) == 0) mask.Pixels[^1] = 1;
            foreach (var convention in new[] { RunLengthConvention.Relative, RunLengthConvention.Absolute })
            {
                var encoded = RunLengthMask.FromMask(mask).ToString(convention);
                var decoded = RunLengthMask.Parse(encoded, w, h, convention).ToMask();
                Assert.True(decoded.SameAs(mask), $"seed {seed} trial {trial} {convention}: '{encoded}'");
            }
            Assert.Equal(mask.Area, RunLengthMask.FromMask(mask).Area);
        }
    }

    [Theory]
    [InlineData("1 2 3", "odd number")]
    [InlineData("1 -2", "negative")]
    [InlineData("-1 2", "negative")]
    [InlineData("10 3", "run past the image")]
    [InlineData("1 0", "zero length")]
    [InlineData("a 2", "not two integers")]
    public void Parse_Malformed_SaysWhy(string text, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => RunLengthMask.Parse(text, 4, 3));
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Union_OverlappingRegions_CountsEachPixelOnce()
    {
        var a = RunLengthMask.Parse("0 5", 4, 3);   // pixels 0-4
        var b = RunLengthMask.Parse("3 4", 4, 3);   // pixels 3-6
        var c = RunLengthMask.Parse("10 2", 4, 3);  // pixels 10-11
        Assert.Equal((7L, true), RunLengthMask.Union([a, b]));
        Assert.Equal((7L, false), RunLengthMask.Union([a, c]));
        var union = a.ToMask();
        b.PaintInto(union);
        Assert.Equal(7, union.Area);
    }

    [Fact]
    public void Resize_AreaAveraging_KeepsMostlyCoveredPixels()
    {
        var mask = new BinaryMask(8, 8);
        for (int r = 0; r < 4; r++) for (int c = 0; c < 4; c++) mask[r, c] = true; // top-left quadrant
        mask[7, 7] = true; // a lone pixel covers 1/4 of its output pixel: dropped at threshold 0.5
        var small = mask.Resize(4, 4);
        Assert.Equal(4, small.Area);
        Assert.True(small[0, 0] && small[1, 1] && !small[3, 3]);
    }
}
