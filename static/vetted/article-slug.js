// "Add article": the slug (the public address) is filled from the question as the editor types it,
// until they write a slug of their own. A static file because the CSP allows no inline script.
//
// House style names the topic: "What is calciphylaxis?" -> calciphylaxis, "What is a skin biopsy?" ->
// skin-biopsy. Only a leading "What is", "How does", ... (a question word, its auxiliary verb and an
// article) is dropped; "What causes calciphylaxis?" keeps every word: what-causes-calciphylaxis.
"use strict";
(function () {
    var QUESTION_OPENING = new RegExp(
        "^(what|how|why|when|where|who|which)\\s+" +
        "(is|are|was|were|does|do|did|can|could|should|will|would)\\s+" +
        "((a|an|the)\\s+)?"
    );

    function slugFromTitle(title, maxLength) {
        var text = title.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
        var topic = text.replace(QUESTION_OPENING, "");
        if (/[a-z0-9]/.test(topic)) {
            text = topic;
        }
        var slug = text.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
        if (slug.length > maxLength) {
            slug = slug.slice(0, maxLength);
            var cut = slug.lastIndexOf("-");
            slug = (cut > 0 ? slug.slice(0, cut) : slug).replace(/-+$/g, "");
        }
        return slug;
    }

    function start() {
        var title = document.getElementById("id_title");
        var slug = document.getElementById("id_slug");
        if (!title || !slug) {
            return;
        }
        var maxLength = parseInt(slug.getAttribute("maxlength"), 10) || 200;
        // A slug the editor typed (or one the server sent back with an error) is theirs: left alone.
        var ownSlug = slug.value !== "" && slug.value !== slugFromTitle(title.value, maxLength);
        slug.addEventListener("input", function () {
            ownSlug = slug.value !== "";
        });
        title.addEventListener("input", function () {
            if (!ownSlug) {
                slug.value = slugFromTitle(title.value, maxLength);
            }
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
