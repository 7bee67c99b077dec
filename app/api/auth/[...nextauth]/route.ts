import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";

// Options are built per request so that configuration is read at run time, not at build time.
function handler(request: Request, context: unknown) {
  return NextAuth(authOptions())(request as never, context as never);
}

export { handler as GET, handler as POST };
