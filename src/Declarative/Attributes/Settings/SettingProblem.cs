// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

namespace Declarative;

/// <summary>
/// A setting out of its range, and why. The attributes state their rules once: the generator reports each problem
/// as DCB0015 at the argument, and a callback constructed in code throws for it.
/// </summary>
internal readonly struct SettingProblem
{
    public SettingProblem(string setting, object? value, string reason)
    {
        Setting = setting;
        Value = value;
        Reason = reason;
    }

    /// <summary>The attribute property at fault.</summary>
    public string Setting { get; }

    public object? Value { get; }

    /// <summary>What the value must be, and why (<c>"patience counts epochs and cannot be negative"</c>).</summary>
    public string Reason { get; }

    /// <summary>A problem when <paramref name="inRange"/> is false, else null.</summary>
    public static SettingProblem? Unless(bool inRange, string setting, object? value, string reason) =>
        inRange ? null : new SettingProblem(setting, value, reason);

    /// <summary>Whether a number is neither NaN nor infinite.</summary>
    public static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

    /// <summary><c>Patience = -1 is out of range: patience counts epochs and cannot be negative</c>.</summary>
    public override string ToString() => $"{Setting} = {SettingsText.Literal(Value)} is out of range: {Reason}";
}
