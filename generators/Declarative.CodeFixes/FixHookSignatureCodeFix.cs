using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Declarative.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Declarative.CodeFixes;

/// <summary>
/// DCB0014: gives a hook method the signature its attribute expects: <c>void</c>, and the hook's parameters. A value an
/// expression body returned is discarded (<c>=&gt; x</c> becomes <c>{ _ = x; }</c>); a block that returns values is not
/// rewritten, so no fix is offered for it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FixHookSignatureCodeFix)), Shared]
public sealed class FixHookSignatureCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.HookMethodSignatureId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(FixProperties.Parameters, out var parameters) || parameters is null) continue;
            var fixedMethod = WithSignature(method, SyntaxFactory.ParseParameterList("(" + parameters + ")"));
            if (fixedMethod is null) continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Change to 'void {method.Identifier.ValueText}({parameters})'",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(method, fixedMethod))),
                    nameof(FixHookSignatureCodeFix)),
                diagnostic);
        }
    }

    private static MethodDeclarationSyntax? WithSignature(MethodDeclarationSyntax method, ParameterListSyntax parameters)
    {
        var result = method.WithParameterList(parameters.WithTriviaFrom(method.ParameterList));
        if (method.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }) return result;

        result = result.WithReturnType(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.VoidKeyword)).WithTriviaFrom(method.ReturnType));
        if (method.ExpressionBody is { } body)
        {
            var discard = SyntaxFactory.ParseStatement($"_ = {body.Expression};");
            return result.WithExpressionBody(null).WithSemicolonToken(default).WithBody(SyntaxFactory.Block(discard)).WithAdditionalAnnotations(Formatter.Annotation);
        }

        return method.Body is { } block && !block.DescendantNodes().OfType<ReturnStatementSyntax>().Any(r => r.Expression is not null) ? result : null;
    }
}
