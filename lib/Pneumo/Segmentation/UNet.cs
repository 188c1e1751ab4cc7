using Pneumo.Modeling;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Pneumo.Segmentation;

/// <summary>
/// A U-Net (Ronneberger et al. 2015) over one of our encoders (<see cref="IEncoder"/>: the compact CNN, ResNet-18/34/50
/// with torchvision's names, so pretrained weights load into <c>encoder</c>): from the stride-32 map, four decoder blocks
/// each upsample by 2, join the encoder's map of that stride and apply two 3x3 convolutions with batch norm and ReLU;
/// a last upsampling to the input size and a 1x1 convolution give one lesion logit per pixel (N, 1, H, W).
/// </summary>
public sealed class UNet : Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // the parameter names: encoder.*, decoder.K.*, head.*
    private readonly Module<Tensor, Tensor> encoder;
    private readonly Sequential decoder;
    private readonly Conv2d head;
#pragma warning restore IDE1006

    /// <summary>A U-Net over <paramref name="encoder"/> (which must be an <see cref="IEncoder"/>).</summary>
    /// <exception cref="ArgumentException">The module is not an encoder.</exception>
    public UNet(Module<Tensor, Tensor> encoder) : base(nameof(UNet))
    {
        var pyramid = encoder as IEncoder ?? throw new ArgumentException($"{encoder.GetName()} is not an IEncoder", nameof(encoder));
        this.encoder = encoder;
        var channels = pyramid.PyramidChannels;
        var blocks = new List<(string, Module<Tensor, Tensor>)>();
        int inChannels = channels[^1];
        for (int level = channels.Count - 2; level >= 0; level--)
        {
            int outChannels = Math.Max(16, channels[level]);
            blocks.Add(((channels.Count - 2 - level).ToString(System.Globalization.CultureInfo.InvariantCulture), new DecoderBlock(inChannels, channels[level], outChannels)));
            inChannels = outChannels;
        }
        decoder = Sequential(blocks);
        head = Conv2d(inChannels, 1, 1);
        RegisterComponents();
    }

    /// <summary>The encoder (pretrained weights load into it).</summary>
    public Module<Tensor, Tensor> Encoder => encoder;

    /// <summary>Images (N, 1, H, W), H and W multiples of 32 → lesion logits (N, 1, H, W).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var maps = ((IEncoder)encoder).Pyramid(input);
        var x = maps[^1];
        int level = maps.Count - 2;
        foreach (var block in decoder.children()) x = ((DecoderBlock)block).Forward(x, maps[level--]);
        x = functional.interpolate(x, [input.shape[2], input.shape[3]], mode: InterpolationMode.Bilinear, align_corners: false);
        return head.forward(x).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            encoder.Dispose();
            decoder.Dispose();
            head.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Upsample ×2, join the skip map, two 3x3 convolutions with batch norm and ReLU.</summary>
    private sealed class DecoderBlock : Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006
        private readonly Conv2d conv1, conv2;
        private readonly BatchNorm2d bn1, bn2;
#pragma warning restore IDE1006

        public DecoderBlock(int inChannels, int skipChannels, int outChannels) : base(nameof(DecoderBlock))
        {
            conv1 = Conv2d(inChannels + skipChannels, outChannels, 3, padding: 1, bias: false);
            bn1 = BatchNorm2d(outChannels);
            conv2 = Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
            bn2 = BatchNorm2d(outChannels);
            RegisterComponents();
        }

        public Tensor Forward(Tensor x, Tensor skip)
        {
            using var scope = NewDisposeScope();
            var up = functional.interpolate(x, [skip.shape[2], skip.shape[3]], mode: InterpolationMode.Bilinear, align_corners: false);
            var y = functional.relu(bn1.forward(conv1.forward(cat([up, skip], 1))));
            return functional.relu(bn2.forward(conv2.forward(y))).MoveToOuterDisposeScope();
        }

        public override Tensor forward(Tensor input) => throw new NotSupportedException("a decoder block needs its skip map: Forward(x, skip)");

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                conv1.Dispose();
                bn1.Dispose();
                conv2.Dispose();
                bn2.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
