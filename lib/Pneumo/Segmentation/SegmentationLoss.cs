using Pneumo.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace Pneumo.Segmentation;

/// <summary>
/// BCE + soft Dice on lesion logits (first place's loss, focal optional): the pixel-wise binary cross-entropy, plus
/// 1 − the soft Dice of the batch's positive images (empty masks carry no Dice term: an empty truth's soft Dice is 0
/// whatever the prediction), plus <paramref name="FocalWeight"/> × the focal loss (γ = 2).
/// </summary>
/// <param name="FocalWeight">Weight of the focal term (0: none).</param>
public sealed record SegmentationLoss(double FocalWeight = 0)
{
    /// <summary>The loss of <paramref name="logits"/> (N, 1, H, W) against 0/1 <paramref name="masks"/> of the same shape.</summary>
    public Tensor Compute(Tensor logits, Tensor masks)
    {
        using var scope = NewDisposeScope();
        var bce = nn.functional.binary_cross_entropy_with_logits(logits, masks);
        var p = logits.sigmoid();
        var intersection = (p * masks).sum([1, 2, 3]);
        var total = p.sum([1, 2, 3]).Plus(masks.sum([1, 2, 3]));
        var positive = masks.sum([1, 2, 3]).gt(StableScalars.Zero);
        var loss = bce;
        if (positive.any().item<bool>())
        {
            var dice = intersection.Plus(intersection).Plus(ones_like(total)).div(total.Plus(ones_like(total))); // (2|A∩B| + 1) / (|A| + |B| + 1); no implicit scalars (StableScalars)
            loss = loss.Plus(dice.index(positive).neg().add(StableScalars.One).mean());
        }
        if (FocalWeight > 0)
        {
            var pt = (p * masks).Plus((p.neg().add(StableScalars.One)) * (masks.neg().add(StableScalars.One)));
            var focal = ((pt.neg().add(StableScalars.One)).square() * nn.functional.binary_cross_entropy_with_logits(logits, masks, reduction: nn.Reduction.None)).mean();
            using var weight = FocalWeight.ToScalar();
            loss = loss.add(focal, weight);
        }
        return loss.MoveToOuterDisposeScope();
    }
}
