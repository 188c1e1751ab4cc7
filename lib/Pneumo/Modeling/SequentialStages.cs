using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Pneumo.Modeling;

/// <summary>Runs part of a named <c>Sequential</c>: the children before a given name, or from it on (Grad-CAM's split).</summary>
internal static class SequentialStages
{
    /// <summary>The children of <paramref name="sequence"/> before the one named <paramref name="stop"/>, applied to <paramref name="input"/>.</summary>
    public static Tensor Before(Sequential sequence, string stop, Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        foreach (var (name, module) in sequence.named_children())
        {
            if (name == stop) break;
            x = ((Module<Tensor, Tensor>)module).forward(x);
        }
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>The children of <paramref name="sequence"/> from the one named <paramref name="start"/> on, applied to <paramref name="input"/>.</summary>
    public static Tensor From(Sequential sequence, string start, Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        bool on = false;
        foreach (var (name, module) in sequence.named_children())
        {
            on |= name == start;
            if (on) x = ((Module<Tensor, Tensor>)module).forward(x);
        }
        return x.MoveToOuterDisposeScope();
    }
}
