using static TorchSharp.torch;

namespace Declarative.Training;

/// <summary>TorchSharp's global random generator's state, as bytes a backup keeps.</summary>
internal static class RandomState
{
    public static byte[] Get()
    {
        using var state = get_rng_state();
        return state.data<byte>().ToArray();
    }

    public static void Set(byte[] bytes)
    {
        using var state = tensor(bytes, ScalarType.Byte);
        set_rng_state(state);
    }
}
