/**
 * XSLT 1.0 that turns an RSS 2.0 or Atom 1.0 feed into a readable page when a browser opens it (Firefox and
 * Safari apply it; browsers that dropped XSLT show the XML, and the bare feed path serves them HTML anyway).
 * Only text nodes and attribute values are copied, never the content markup, so nothing in an item can run.
 */
export const FEED_STYLESHEET = `<?xml version="1.0" encoding="utf-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
<xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
<xsl:template match="/">
<html lang="en"><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>
<title><xsl:value-of select="rss/channel/title|atom:feed/atom:title"/></title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}.item{margin:1.2rem 0}.meta{color:#666;font-size:.85rem}.note{background:#f4f4f4;padding:.6rem 1rem}</style>
</head><body>
<p class="note">This is a web feed. Copy its address into a feed reader to subscribe.</p>
<h1><xsl:value-of select="rss/channel/title|atom:feed/atom:title"/></h1>
<ol class="items">
<xsl:for-each select="rss/channel/item">
<li class="item"><a href="{link}"><xsl:value-of select="title"/></a><div class="meta"><xsl:value-of select="pubDate"/></div></li>
</xsl:for-each>
<xsl:for-each select="atom:feed/atom:entry">
<li class="item"><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a><div class="meta"><xsl:value-of select="atom:updated"/></div></li>
</xsl:for-each>
</ol>
</body></html>
</xsl:template>
</xsl:stylesheet>
`;
