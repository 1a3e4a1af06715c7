using System;
using System.IO;
using System.Linq;
using System.Text;

namespace Declarative.IO;

/// <summary>
/// Whether a path can exist at all: every name in it within the 255 bytes file systems allow (ext4, APFS, NTFS count
/// 255 of their units), and, on Linux and macOS, the whole path within the system's limit. A run checks the files it
/// will write at its begin, so an impossible name fails there, naming the attribute, not after an epoch of training.
/// </summary>
internal static class FileNames
{
    private const int MaxName = 255;

    /// <summary>What is wrong with <paramref name="path"/>, as the end of a sentence, or null when nothing is.</summary>
    public static string? Problem(string path)
    {
        var full = Path.GetFullPath(path);
        var tooLong = full.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).FirstOrDefault(name => Length(name) > MaxName);
        if (tooLong is not null)
            return $"the name '{tooLong[..Math.Min(40, tooLong.Length)]}…' in it is {Length(tooLong)} {Unit} long, and file systems allow {MaxName}";
        var limit = OperatingSystem.IsLinux() ? 4095 : OperatingSystem.IsMacOS() ? 1023 : int.MaxValue;
        return Length(full) > limit ? $"the whole path is {Length(full)} {Unit} long, and this system allows {limit}" : null;
    }

    // Names count in UTF-8 bytes on Linux and macOS, in UTF-16 units on Windows.
    private static int Length(string name) => OperatingSystem.IsWindows() ? name.Length : Encoding.UTF8.GetByteCount(name);

    private static string Unit => OperatingSystem.IsWindows() ? "characters" : "bytes";
}
