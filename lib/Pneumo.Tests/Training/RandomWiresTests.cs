using Pneumo.Training.Augmentation;
using static TorchSharp.torch;

namespace Pneumo.Tests.Training;

/// <summary>The wire augmentation draws thin bright curves, only brightens, is seeded, and draws nothing at probability 0.</summary>
[Collection(TorchCollection.Name)]
public class RandomWiresTests
{
    [Fact]
    public void Wires_AreThinBrightCurves_Seeded_AndOnlyBrighten()
    {
        using var scope = NewDisposeScope();
        var rng = new Random(1);
        var pixels = Enumerable.Range(0, 4 * 128 * 128).Select(_ => (float)(0.2 + 0.3 * rng.NextDouble())).ToArray();
        var images = tensor(pixels, [4, 1, 128, 128]);
        var once = new RandomWires(1.0).Apply(images, new Random(7)).data<float>().ToArray();
        var again = new RandomWires(1.0).Apply(images, new Random(7)).data<float>().ToArray();
        Assert.Equal(once, again);
        for (int i = 0; i < 4; i++)
        {
            int changed = 0;
            for (int p = i * 128 * 128; p < (i + 1) * 128 * 128; p++)
            {
                float delta = once[p] - pixels[p];
                Assert.True(delta >= -1e-6f, $"pixel {p} darkened by {delta}");
                Assert.True(delta <= 0.3f + 1e-5f, $"pixel {p} brightened by {delta}");
                if (delta > 0.02f) changed++;
            }
            // a wire, not a blob: visible pixels along a curve, a small share of the image
            Assert.InRange(changed, 40, 128 * 128 / 10);
        }
        var none = new RandomWires(0).Apply(images, new Random(7)).data<float>().ToArray();
        Assert.Equal(pixels, none);
    }

    [Fact]
    public void Probability_IsTheShareOfImagesWithWires()
    {
        using var scope = NewDisposeScope();
        var images = zeros(400, 1, 32, 32);
        var output = new RandomWires(0.25).Apply(images, new Random(3)).amax([1, 2, 3]).data<float>().ToArray();
        int withWires = output.Count(v => v > 0);
        Assert.InRange(withWires, 70, 130);
    }
}
