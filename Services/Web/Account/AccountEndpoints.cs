using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace SutazAI.Web.Account;

/// <summary>Signing out: the gateway revokes the refresh token, the console forgets the sign-in and the cookie goes.</summary>
public static class AccountEndpoints
{
    /// <summary>
    /// A form post from the console's own pages; the cookie is SameSite=Strict, so another site's form cannot send it
    /// (no antiforgery token needed for a request that only ends the sender's own sign-in).
    /// </summary>
    public static async Task<IResult> SignOutAsync(HttpContext context, SignInStore store, GatewayAuth auth, CancellationToken cancellationToken)
    {
        if (context.User.SignInIdOf() is { } id)
        {
            if (await store.FindAsync(id) is { } signIn)
            {
                await auth.SignOutAsync(signIn.RefreshToken, cancellationToken);
            }

            await store.RemoveAsync(id);
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.Redirect("/signin?signedOut=true");
    }
}
