// Compiled by MSBuild's RoslynCodeTaskFactory from Declarative.targets (buildTransitive), so it must stay a
// single self-contained file that builds against netstandard2.0 and Microsoft.Build.Utilities.Core only.
//
// Why this exists: TorchSharp 0.107's libLibTorchSharp.so was built with GCC 13, which makes every object that
// includes <iostream> reference std::ios_base_library_init() at version GLIBCXX_3.4.32, only to pin the library
// version; nothing ever calls it. Debian 12 and Ubuntu 22.04 ship libstdc++ from GCC 12 (up to GLIBCXX_3.4.30),
// so the loader refuses the library and TorchSharp reports a misleading "missing libtorch-cpu-linux-x64" error.
// Marking that one version need VER_FLG_WEAK makes glibc's loader accept its absence.
// We change the copy in the build or publish output only, never the NuGet package cache.

#nullable enable

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Declarative.Build
{
    /// <summary>
    /// Marks the GLIBCXX_3.4.32 version need of libLibTorchSharp.so weak, where the system's libstdc++ lacks it.
    /// </summary>
    public sealed class FixLibTorchSharpLoading : Microsoft.Build.Utilities.Task
    {
        /// <summary>The version that GCC 13 references only to pin the library (never called).</summary>
        public const string PinOnlyVersion = "GLIBCXX_3.4.32";

        /// <summary>The libstdc++ soname that libLibTorchSharp.so names in its version needs.</summary>
        public const string LibStdCxx = "libstdc++.so.6";

        /// <summary>Copies of libLibTorchSharp.so in an output folder.</summary>
        [Required]
        public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

        public override bool Execute()
        {
            foreach (var item in Libraries)
            {
                var path = item.GetMetadata("FullPath");
                if (!File.Exists(path))
                {
                    Log.LogMessage(MessageImportance.Low, "Declarative: {0} does not exist; nothing to fix.", path);
                    continue;
                }

                try
                {
                    Fix(path);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException)
                {
                    Log.LogWarning(
                        null, "DCB9001", null, path, 0, 0, 0, 0,
                        "Declarative could not check or fix {0} for loading on this system's libstdc++: {1}. " +
                        "If TorchSharp then fails to load, see the Declarative README (section 'TorchSharp on Debian 12 and Ubuntu 22.04').",
                        path, e.Message);
                }
            }

            return !Log.HasLoggedErrors;
        }

        private void Fix(string path)
        {
            var image = File.ReadAllBytes(path);
            var needs = ElfVersions.ReadVersionNeeds(image);
            var pinOnly = needs.Find(n => n.File == LibStdCxx && n.Version == PinOnlyVersion);
            if (pinOnly == null || pinOnly.IsWeak)
            {
                Log.LogMessage(MessageImportance.Low, "Declarative: {0} needs no fix (no strong {1} need).", path, PinOnlyVersion);
                return;
            }

            var systemLibrary = ElfVersions.FindLibrary(LibStdCxx, ElfVersions.ReadMachine(image), LoaderSearchDirectories(path));
            var provided = systemLibrary == null
                ? new HashSet<string>()
                : new HashSet<string>(ElfVersions.ReadVersionDefinitions(File.ReadAllBytes(systemLibrary)));
            if (provided.Contains(PinOnlyVersion))
            {
                Log.LogMessage(MessageImportance.Low, "Declarative: {0} provides {1}; {2} loads unchanged.", systemLibrary, PinOnlyVersion, path);
                return;
            }

            foreach (var need in needs)
            {
                if (systemLibrary != null && need.File == LibStdCxx && !need.IsWeak && need.Version != PinOnlyVersion && !provided.Contains(need.Version))
                {
                    Log.LogWarning(
                        null, "DCB9002", null, path, 0, 0, 0, 0,
                        "{0} also needs {1}, which {2} lacks; marking {3} weak will not be enough. Install a newer libstdc++ (GCC 13 or later).",
                        path, need.Version, systemLibrary, PinOnlyVersion);
                }
            }

            ElfVersions.MarkWeak(image, pinOnly);
            ReplaceFile(path, image);
            Log.LogMessage(
                MessageImportance.Normal,
                "Declarative: marked {0} weak in {1} so TorchSharp loads with {2} (GCC 12 or older).",
                PinOnlyVersion, path, systemLibrary ?? "this system's libstdc++");
        }

        // The output copy may be a hard link into the NuGet cache (CreateHardLinksForCopyLocalIfPossible):
        // write a new file and rename it over the copy, so the cache is never modified. Keeping the original
        // timestamp lets the next incremental build skip re-copying the unpatched file.
        private static void ReplaceFile(string path, byte[] contents)
        {
            var lastWrite = File.GetLastWriteTimeUtc(path);
            var temporary = path + ".declarative.tmp";
            File.WriteAllBytes(temporary, contents);
            File.SetLastWriteTimeUtc(temporary, lastWrite);
            File.Delete(path);
            File.Move(temporary, path);
        }

        /// <summary>
        /// Where glibc's loader looks for libstdc++.so.6 when loading the library: LD_LIBRARY_PATH, the library's own
        /// folder ($ORIGIN is in its RUNPATH), then the system folders.
        /// </summary>
        public static IEnumerable<string> LoaderSearchDirectories(string library)
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                foreach (var directory in fromEnvironment.Split(':'))
                {
                    if (directory.Length > 0) yield return directory;
                }
            }

            yield return Path.GetDirectoryName(library) ?? ".";
            foreach (var directory in ElfVersions.SystemLibraryDirectories) yield return directory;
        }
    }

    /// <summary>One entry of an ELF .gnu.version_r section: a version of a shared library that an object needs.</summary>
    public sealed class ElfVersionNeed
    {
        public ElfVersionNeed(string file, string version, int flagsOffset, ushort flags)
        {
            File = file;
            Version = version;
            FlagsOffset = flagsOffset;
            Flags = flags;
        }

        public string File { get; }
        public string Version { get; }
        public int FlagsOffset { get; }
        public ushort Flags { get; }
        public bool IsWeak => (Flags & ElfVersions.WeakFlag) != 0;
    }

    /// <summary>Reads and edits the symbol-version sections of 64-bit little-endian ELF shared objects.</summary>
    public static class ElfVersions
    {
        /// <summary>VER_FLG_WEAK: the loader tolerates the absence of this version.</summary>
        public const ushort WeakFlag = 0x2;

        private const uint VersionNeedSection = 0x6ffffffe; // SHT_GNU_verneed
        private const uint VersionDefinitionSection = 0x6ffffffd; // SHT_GNU_verdef

        /// <summary>The folders glibc-based distributions keep shared libraries in, in search order.</summary>
        public static readonly string[] SystemLibraryDirectories =
        {
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
            "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib",
        };

        /// <summary>Every version need in the image, in file order.</summary>
        public static List<ElfVersionNeed> ReadVersionNeeds(byte[] image)
        {
            var result = new List<ElfVersionNeed>();
            foreach (var section in Sections(image, VersionNeedSection))
            {
                var need = section.Offset;
                for (var i = 0; i < section.EntryCount; i++)
                {
                    var count = U16(image, need + 2);
                    var file = ReadString(image, section.Strings, U32(image, need + 4));
                    var aux = need + (int)U32(image, need + 8);
                    for (var j = 0; j < count; j++)
                    {
                        var flagsOffset = aux + 4;
                        var version = ReadString(image, section.Strings, U32(image, aux + 8));
                        result.Add(new ElfVersionNeed(file, version, flagsOffset, U16(image, flagsOffset)));
                        aux += (int)U32(image, aux + 12);
                    }

                    need += (int)U32(image, need + 12);
                }
            }

            return result;
        }

        /// <summary>Every version the image defines (for a library: the versions it provides).</summary>
        public static List<string> ReadVersionDefinitions(byte[] image)
        {
            var result = new List<string>();
            foreach (var section in Sections(image, VersionDefinitionSection))
            {
                var definition = section.Offset;
                for (var i = 0; i < section.EntryCount; i++)
                {
                    var aux = definition + (int)U32(image, definition + 12);
                    result.Add(ReadString(image, section.Strings, U32(image, aux)));
                    definition += (int)U32(image, definition + 16);
                }
            }

            return result;
        }

        /// <summary>Sets VER_FLG_WEAK on one version need, in place.</summary>
        public static void MarkWeak(byte[] image, ElfVersionNeed need)
        {
            var flags = (ushort)(U16(image, need.FlagsOffset) | WeakFlag);
            image[need.FlagsOffset] = (byte)flags;
            image[need.FlagsOffset + 1] = (byte)(flags >> 8);
        }

        /// <summary>The ELF e_machine of the image (62 for x86-64, 183 for AArch64).</summary>
        public static ushort ReadMachine(byte[] image)
        {
            CheckHeader(image);
            return U16(image, 0x12);
        }

        /// <summary>The first file named <paramref name="soname"/> in the folders that is an ELF image for the same machine.</summary>
        public static string? FindLibrary(string soname, ushort machine, IEnumerable<string> directories)
        {
            foreach (var directory in directories)
            {
                var candidate = Path.Combine(directory, soname);
                if (!File.Exists(candidate)) continue;
                try
                {
                    if (ReadMachine(File.ReadAllBytes(candidate)) == machine) return candidate;
                }
                catch (InvalidDataException)
                {
                    // Not a 64-bit little-endian ELF file (e.g. a 32-bit library): the loader skips it too.
                }
            }

            return null;
        }

        private static void CheckHeader(byte[] image)
        {
            if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (image[4] != 2 || image[5] != 1)
                throw new InvalidDataException("not a 64-bit little-endian ELF file");
        }

        private static IEnumerable<(int Offset, int EntryCount, int Strings)> Sections(byte[] image, uint type)
        {
            CheckHeader(image);
            var tableOffset = (int)U64(image, 0x28);
            var entrySize = U16(image, 0x3A);
            var count = U16(image, 0x3C);
            for (var i = 0; i < count; i++)
            {
                var header = tableOffset + i * entrySize;
                if (U32(image, header + 4) != type) continue;
                var linkedStrings = tableOffset + (int)U32(image, header + 40) * entrySize;
                yield return ((int)U64(image, header + 24), (int)U32(image, header + 44), (int)U64(image, linkedStrings + 24));
            }
        }

        private static string ReadString(byte[] image, int table, uint offset)
        {
            var start = table + (int)offset;
            var end = start;
            while (end < image.Length && image[end] != 0) end++;
            return Encoding.ASCII.GetString(image, start, end - start);
        }

        private static ushort U16(byte[] b, int at) => (ushort)(b[at] | b[at + 1] << 8);

        private static uint U32(byte[] b, int at) => (uint)(b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24);

        private static ulong U64(byte[] b, int at) => U32(b, at) | (ulong)U32(b, at + 4) << 32;
    }
}
