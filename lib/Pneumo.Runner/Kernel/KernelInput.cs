namespace Pneumo.Runner.Kernel;

/// <summary>Standard input of the kernel process: each line a cell reads is asked of the front end (Jupyter's input_request).</summary>
internal sealed class KernelInput(Func<string, string?> requestLine) : TextReader
{
    private string? _pending;
    private int _at;

    public override string? ReadLine()
    {
        if (_pending is not null)
        {
            var rest = _pending[_at..];
            _pending = null;
            return rest;
        }
        return requestLine("");
    }

    public override int Read()
    {
        if (_pending is null)
        {
            var line = requestLine("");
            if (line is null) return -1;
            _pending = line + "\n";
            _at = 0;
        }
        int c = _pending[_at++];
        if (_at >= _pending.Length) _pending = null;
        return c;
    }

    public override int Peek()
    {
        if (_pending is null) return -1;
        return _pending[_at];
    }
}
