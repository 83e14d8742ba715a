def related_articles(page, limit=5):
    return page.editor_picks()[:limit]
