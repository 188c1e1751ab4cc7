using Pneumo.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace Pneumo.Modeling;

/// <summary>
/// Grad-CAM (Selvaraju et al. 2017): where the model looked. The gradient of the logit with respect to a feature map,
/// averaged per channel, weights the channels; the ReLU of the weighted sum, upsampled to the image and scaled to
/// [0, 1], is the heatmap. The map is the backbone's stride-8 one (32 x 32 cells at 256 px,
/// <see cref="IBackbone.EarlyStages"/>): at coarser maps the maximum fell at a cell centre in the collapsed lung beside
/// a thin apical crescent (pointing game 0.63-0.73 at stride 16 against 0.95-0.97 at stride 8, on the same weights).
/// </summary>
public static class GradCam
{
    /// <summary>The heatmap (height × width, row-major, [0, 1]) and the probability for one image.</summary>
    /// <param name="model">A trained classifier (put in evaluation mode here).</param>
    /// <param name="image">(1, 1, H, W), normalised as for training.</param>
    /// <param name="metadata">(1, 4).</param>
    public static (float[] Heatmap, double Probability) Compute(PneumothoraxClassifier model, Tensor image, Tensor metadata)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        Tensor features;
        using (no_grad()) features = model.EarlyStages(image);
        var leaf = features.detach().requires_grad_(true);
        var logit = model.FromEarlyStages(leaf, metadata);
        logit.sum().backward();
        var weights = leaf.grad!.mean([2, 3], keepdim: true);
        var cam = nn.functional.relu((weights * leaf).sum(1, keepdim: true));
        var size = new long[] { image.shape[2], image.shape[3] };
        var upsampled = nn.functional.interpolate(cam, size, mode: InterpolationMode.Bilinear, align_corners: false).squeeze();
        var max = upsampled.max().item<float>();
        using var scale = max.ToScalar();
        var map = (max > 0 ? upsampled.div(scale) : upsampled).to(CPU).data<float>().ToArray();
        return (map, logit.sigmoid().item<float>());
    }
}
