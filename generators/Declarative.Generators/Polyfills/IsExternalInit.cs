// netstandard2.0 lacks the marker type that records and init accessors need. Declared here rather than taken from a
// polyfill generator, whose output order varies from build to build and would make the assembly non-reproducible.
namespace System.Runtime.CompilerServices;

internal static class IsExternalInit;
