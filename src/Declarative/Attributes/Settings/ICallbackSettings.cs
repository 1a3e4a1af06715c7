// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// A callback attribute as the settings of its callback: the generator reads an instance of it (defaults come from its
/// initializers, so they are written once), and the runtime callback is constructed from one.
/// </summary>
internal interface ICallbackSettings
{
    /// <summary>The settings that identify the configuration, in the attribute's order: constructor arguments, then named ones.</summary>
    IEnumerable<Setting?> Settings();

    /// <summary>Every setting out of its range.</summary>
    IEnumerable<SettingProblem?> Problems();
}
