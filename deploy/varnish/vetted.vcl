# Varnish in front of Vetted's app servers (docs/deploy.md). Tested by tests/edge/test_varnish.py, which runs
# this file unchanged with a backends.vcl of its own found first on vcl_path.
#
# - Anonymous GET/HEAD of public pages are cached for their s-maxage (a day with a purger configured); every
#   object keeps the Surrogate-Key header the app set ("site article-<slug>", "site listings").
# - BAN or PURGE from an address in acl purgers, with the keys in Surrogate-Key, bans every object carrying
#   any of them (a ban on obj.* only, so the ban lurker clears them in the background).
# - Staff (a session cookie) and the admin pass straight through, uncached; for anonymous readers every
#   cookie but the remembered audience is dropped, which the app's Vary: Cookie answers (search) key on.
vcl 4.1;

include "backends.vcl";

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "BAN" || req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # Keys are slugs: nothing a regular expression would read as more than itself, and never empty.
        if (req.http.Surrogate-Key !~ "^ *[a-z0-9-]+( +[a-z0-9-]+)* *$") {
            return (synth(400, "Surrogate-Key: space-separated keys"));
        }
        set req.http.X-Keys = regsuball(regsuball(req.http.Surrogate-Key, "^ +| +$", ""), " +", "|");
        # "article-x listings" -> (^|\s)(article-x|listings)(\s|$): each key matched as a whole word.
        ban("obj.http.Surrogate-Key ~ (^|\s)(" + req.http.X-Keys + ")(\s|$)");
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|healthz|bench)" || req.http.Authorization || req.http.X-API-Key) {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);  # staff: private pages, never stored here (the app says private, no-store too)
    }
    # Anonymous: keep only the remembered audience; the app's Vary: Cookie then keys on it alone.
    if (req.http.Cookie ~ "(^|;\s*)vetted_audience=") {
        set req.http.Cookie = regsub(req.http.Cookie, "^.*?(?:^|;\s*)(vetted_audience=[^;]*).*$", "\1");
    } else {
        unset req.http.Cookie;
    }
    return (hash);
}

sub vcl_backend_response {
    # A 404 or 410 without its own Cache-Control: kept a minute (its keys purge it sooner).
    if ((beresp.status == 404 || beresp.status == 410) && !beresp.http.Cache-Control) {
        set beresp.ttl = 60s;
    }
}

sub vcl_deliver {
    # The keys are for this cache; readers need not see them.
    unset resp.http.Surrogate-Key;
}
