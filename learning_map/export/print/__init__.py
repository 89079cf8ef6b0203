"""
The printed maps: the yearly A3/A1 poster, the A4 district booklets and the A4 walk card.

The pages are laid out as HTML with inline SVG maps, rendered by autoescaped Jinja
templates of :mod:`learning_map.export` (``poster.html``, ``booklet.html``,
``walk_card.html``): data (site names, addresses, unit names) reaches them only as escaped
text; the SVG path data is made here from numbers. Debian's Chromium prints them through
Playwright (``page.pdf``): vector maps, selectable text and embedded CJK fonts, which
reportlab (no CFF outlines for Noto CJK) and matplotlib (text a risk for ``pdftotext``) do
not give. The PNG is a screenshot of the same page at 300 dpi.

The map is drawn in the city's metric CRS (the walk network's), so the scale bar is true:

- basemap: water, green space, streets (major and medium named) and places, read from the
  bundle's offline basemap (:mod:`learning_map.bundle.tiles`) at the tile zoom that fits
  the print scale, merged and simplified to it;
- the 15-minute coverage (adult pace, every category) as a soft tint, reporting-unit
  boundaries and names;
- sites as category symbols with numbers, whose labels go through
  :func:`~learning_map.export.print.labels.place_labels` (greedy, candidate positions
  around each point, a leader line further out only where none beside it is free, then a
  repair pass that moves one placed label aside) so no two labels overlap;
- a numbered index with names (and the Portuguese or English name beneath in a Chinese
  product), addresses and phones, and QR codes to ``{base_url}/site/<id>`` when a public
  URL is configured.

Nothing is dropped. The poster's index is set by Chromium and packed into columns from the
measured heights (:mod:`~.measure`, :mod:`~.index_layout`): under the map when it fits at
the minimum type (8 pt on A3, 10 pt on A1), else on the back and a second sheet. The map
frames the sites; dense clusters get insets over empty parts of the map (:mod:`~.insets`),
then detail pages; the laid-out page is read back before it prints, and a poster that
cannot hold its content fails with one sentence.

The modules, by job (each imports only the ones above it):

- :mod:`~.paper`: paper sizes and the paper check;
- :mod:`~.labels`: text widths and label placement on the page;
- :mod:`~.index_layout`, :mod:`~.insets`: the index's columns and pages, the map's insets;
- :mod:`~.svg`: the map frame (metres to page mm), SVG path data and category symbols;
- :mod:`~.qr`: QR codes and the public links they carry;
- :mod:`~.chromium`: the font and Chromium checks, printing, PNG and PDF patching;
- :mod:`~.measure`: element boxes of laid-out pages, measured in Chromium before printing;
- :mod:`~.maps`: one map's SVG layers and labels (:func:`~.maps.draw_map`);
- :mod:`~.poster`, :mod:`~.booklet`, :mod:`~.cards`: the three documents;
- :mod:`~.yearly`: the yearly export's printing (the learning and elderly-education maps,
  the walking map, then booklets).
"""
