// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System.Collections.Generic;

namespace Declarative;

/// <summary>How a setting's value is written: as a literal, as <c>nameof(Method)</c>, or as <c>typeof(Type)</c>.</summary>
internal enum SettingForm
{
    Literal,
    NameOf,
    TypeOf,
}

/// <summary>
/// One setting of a callback attribute that identifies its configuration (a value other than the default, or one that
/// is always shown, such as the monitored metric). The list of a callback's settings is its canonical identity: the
/// same for <c>Patience=3</c> and <c>Patience = 3</c>, for <c>nameof(Schedule)</c> and <c>"Schedule"</c>, in any
/// argument order.
/// </summary>
internal readonly struct Setting
{
    public Setting(string name, object? value, bool isPositional = false, SettingForm form = SettingForm.Literal)
    {
        Name = name;
        Value = value;
        IsPositional = isPositional;
        Form = form;
    }

    /// <summary>The attribute property it sets.</summary>
    public string Name { get; }

    public object? Value { get; }

    /// <summary>Whether it is a constructor argument rather than a named one.</summary>
    public bool IsPositional { get; }

    public SettingForm Form { get; }

    /// <summary>A constructor argument.</summary>
    public static Setting Positional(string name, object? value, SettingForm form = SettingForm.Literal) => new(name, value, isPositional: true, form);

    /// <summary>A named argument that is always shown.</summary>
    public static Setting Named(string name, object? value) => new(name, value);

    /// <summary>A named argument, shown only when it differs from the attribute's default.</summary>
    public static Setting? IfChanged<T>(string name, T value, T defaultValue) =>
        EqualityComparer<T>.Default.Equals(value, defaultValue) ? null : new Setting(name, value);
}
