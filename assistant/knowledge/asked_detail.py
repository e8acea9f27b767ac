"""What a question asks for that this knowledge base never supplies: lexicons per kind, EN and ES.

The knowledge base describes the COPC standard: items, concepts, KPIs, releases. It never gives a
price, today's people or certified companies, a named company's certification status or audit
score now, a product to buy or endorse, a law, another standard's rules or scores, a staffing
calculation, a salary, audit or exam logistics (duration, auditors, pass marks, future dates),
COPC's own finances or fines, a document to copy (the licensed text verbatim, a contract
template), an HR policy (bonuses, vacation days) or a fixed number to plan for a site (COPC sets
no numeric targets). A question asking for one of those is answered
"not covered" whatever its topic, so the detectors are built per *kind of detail* from three
lexicons, not per question:

* ``CUES``: words that on their own ask for the detail ("pricing", "sueldo", "Erlang", "GDPR",
  vendor and BPO brand names). None of them occurs in the knowledge base (a test checks it), so
  they can never be the topic of an answerable question. Matched on folded words, and a word the
  knowledge base never uses one or two letters away from a cue of 6+ letters counts too
  ("salry", "presios", "erlnag"): misspellings of the request must not hide it, unless the word
  is nearer to a knowledge-base word ("proces" is "process", not "prices").
* ``PATTERNS``: requests built from words the knowledge base does use ("how much does the
  certification cost" vs "cost per contact", "is it legal" vs "legal requirements", "which
  vendor should we pick" vs "Vendor Management Organization").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rapidfuzz.distance import OSA

from assistant.base.text import fold

_W = r"(?:\w+ ){0,6}"  # up to six words in between, on folded text

CUES: dict[str, frozenset[str]] = {
    "price": frozenset("""
        price prices pricing priced pricey fee fees quote quotes quotation invoice invoices expensive cheap cheaper
        cheapest affordable dollars usd euros mxn
        precio precios tarifa tarifas arancel aranceles cotizar costaria
        costarian costaba caro caros baratos cuota cuotas anualidad mensualidad discount discounts descuento descuentos barato barata economico dolares factura facturan
    """.split()),
    "salary": frozenset("""
        salary salaries wage wages paycheck paycheque payroll payscale earn earns earning earnings
        salario salarios sueldo sueldos nomina remuneracion remuneraciones salarial salariales
    """.split()),
    "finance": frozenset("""
        profit profits profitable profitability ganancias utilidades penalty penalties multa multas sancion sanciones
    """.split()),
    "hr_policy": frozenset("""
        bono bonos bonus bonuses incentivo incentivos incentive incentives comisiones commission commissions
    """.split()),
    "document": frozenset("""
        verbatim template templates
    """.split()),
    "status": frozenset("""
        competitor competitors
    """.split()),
    "people": frozenset("""
        ceo ceos cfo coo cto chairman chairwoman chairperson president presidente presidenta
        atento konecta ttec sitel foundever alorica majorel transcom webhelp startek
        sutherland genpact telus emergia allus teletech stefanini arvato sykes conduent
        linkedin headquarters headquartered
    """.split()),
    "vendor": frozenset("""
        genesys avaya five9 verint calabrio talkdesk zendesk salesforce cxone teleopti playvox
        freshdesk twilio vonage ccaas dialer dialers marcador crm crms hubspot servicenow intercom
        observeai tethr cogito medallia qualtrics endorse endorses endorsed endorsement
    """.split()),
    "law": frozenset("""
        law laws lawful unlawful illegal illegally legally lawyer lawyers attorney lawsuit legislation statute
        ley leyes ilegal legislacion abogado abogados sindicato sindicatos sindical overtime severance
        finiquito indemnizacion despido despedir liquidacion gdpr hipaa lgpd ccpa rgpd lfpdppp osha stps
    """.split()),
    "other_standard": frozenset("""
        iso itil cmmi kaizen efqm cobit nps pmbok gartner forrester sigma togaf hdi cxpa
    """.split()),
    "calculation": frozenset("""
        erlang erlangs
    """.split()),
}

PATTERNS: dict[str, list[str]] = {
    "price": [
        rf"\bhow much\b {_W}(cost(?!s? per)|costs(?! per)|charge|charges|pay|paid|invest|spend|is it|are they|does it|do they|would it|money)\b",
        rf"\bcuanto {_W}(cuesta|cuestan|cobra|cobran|pago|pagar|pagamos|paga|invert|gast|dinero|plata|lana|sale|saldria)",
        # "¿cuánto vale el 2.1?" asks for an item's points, not a price
        rf"^(?!.*\b\d{{1,2}}\.\d{{1,2}}\b)(?!.*\bpuntos\b).*\bcuanto {_W}(vale|valen)\b",
        # ("how much is Training and Development worth?" asks for points, not a price)
        r"\bhow much (is|are|would be|will be) (the |a |an |one |una |la |el )?(copc )?(cert\w*|audit\w*|recert\w*|training|course\w*|licen\w*|exam\w*|consult\w*|assessment\w*)\b"
        r"(?!.{0,60}\b(worth|weigh\w*|points?|puntos|score\w*)\b)",
        rf"\bwhat (does|do|would|will) {_W}(cost|charge)\b", r"\b(cost|costs) (me|us|you|them)\b",
        r"\bcost (of|to|for) (the |a |an |getting |being |get |become |becoming |doing |take |taking )?"
        r"(copc |a )?(certif|audit|training|course|licen|standard|program|consult|recert|assessment|membership|exam|the norm)",
        r"\b(certification|audit|training|course|license|licence|consulting|assessment|membership|exam) (costs?|budget)\b",
        r"\b(costo|coste|valor|inversion) (de|del|para|por) (la |el |una |un |los |las )?(certif|auditor|capacit|curso|licencia|"
        r"norma|entrenamiento|consult|recertif|evaluacion|membresia|examen|copc)",
        r"\bbudget (for|to) (the |a |an )?(certif|audit|training|course|copc|consult)", r"\bpresupuesto (para|de) (la |el )?(certif|auditor|capacit|copc|curso)",
        r"\b(pay|paid|charge|charges) (for|to) (the |a |an |get )?(certif|audit|training|course|copc|license|consult)",
        r"\b(pagar|pagan|pago|cobran|cobra) (por|para) (la |el |una |un )?(certif|auditor|capacit|curso|copc|licencia|consult)",
        r"\bcotizacion (de|para|por)\b", r"\b(que tan|muy) (caro|cara|caros|caras)\b", r"\bhow (expensive|pricey|costly)\b", r"\b(going|day|daily|hourly) rate\b", r"\b(charge|charges|charging|cobra|cobran|cobrar) (\w+ ){0,2}(per|por|by the|al|a la) (day|hour|site|seat|dia|hora|sitio|posicion|mes|month)\b", r"\bset (us|me|you|them|a company|a site) back\b", rf"\bhow much {_W}run (us|me|you|them)\b", r"\b(whats|what is) the damage\b", r"\b(nos|me|les?) (sale|saldria|saldra|costara|costaria) (caro|barato|en)\b", r"\b(cuesta|cuestan) (la|el|los|las|una|un) (certif|auditor|capacit|curso|licencia|norma|copc|consult)", r"\$ ?\d", r"\d ?(usd|dollars|dolares|euros)\b",
    ],
    "salary": [
        rf"\bhow much {_W}(earn|make|makes|get paid|is paid|are paid|paid)\b",
        rf"\bcuanto {_W}(le pagan|les pagan|pagan a|gana|ganan|cobra un|cobra una)\b", r"\bpay (rate|range|grade|band)\b",
        r"\b(get|gets|getting|are|is) (well |badly )?paid\b", r"\b(pagan|paga) (bien|mal|a los|a un|a una)\b",
        r"\b(typical|average|usual|normal|median|starting|entry|going) (pay|salary|wage|compensation)\b",
        r"\bpay (of|for) (a |an |the )?(\w+ ){0,3}(agents?|supervisors?|analysts?|leads?|trainers?|auditors?|planners?|managers?|reps?)\b",        # "gana" alone is "gains" ("¿qué gana la operación?"): a salary only with a pay context.
        r"\b(gana|ganan|ganaria|ganara|ganaba) (\w+ ){0,3}(al mes|por mes|mensual\w*|por hora|la hora|al ano|por ano|anual\w*|de sueldo|de salario|en promedio|pesos|dolares|soles)\b",
        r"\b(agente|agentes|asesor|asesores|supervisor|supervisora|supervisores|analista|analistas|coordinador|gerente|auditor|trainer|formador) (\w+ ){0,2}(gana|ganan)\b",
    ],
    "people": [
        r"\bwho (is|are|s) (the )?(current |present |new |actual )?(president|director|head|owner|leader|boss|chief|managing director|md|chair)",
        r"\bwho (runs|leads|owns|manages|heads|is running|is leading|is in charge of|s in charge of) (copc|the company|it|the organi[sz]ation)",
        r"\b(quien|quienes) (dirige|lidera|maneja|encabeza|manda|esta a cargo|es dueno|es duena|son los duenos) (de )?(copc|la empresa|la organizacion)?",
        r"\bquien es (el|la) (actual |nuevo |nueva )?(presidente|presidenta|director|directora|dueno|duena|jefe|jefa|gerente|lider|cabeza)",
        r"\b(which|what) (\w+ ){0,2}(companies|company|firms|firm|organizations|organisations|bpos|bpo|vendors|call centers|call centres|contact centers|contact centres|brands|banks|clients|customers|outsourcers|telecoms|telcos|insurers|retailers|operators|utilities|airlines) (are|is|have|has|hold|holds|got|currently|already|in|from)\b.{0,50}\b(certif\w*|copc|accredited|audited)\b",
        r"\b(que|cuales|cuantas|cuantos) (\w+ ){0,2}(empresas|empresa|companias|compania|organizaciones|bpos?|call ?centers?|centros de contacto|marcas|bancos|clientes|proveedores|outsourcers?) "
        r"(estan|esta|tienen|tiene|son|hay|ya|en|de)\b.{0,50}\b(certific\w*|copc|acreditad\w*|auditad\w*)\b",
        r"\b(who|which) (is|are|s|has|have|got|holds?) (already |currently |now )?(copc )?(certified|certification|the certification|the certificate)",
        r"\bcertified (companies|vendors|bpos|centers|centres|organi[sz]ations|firms|sites|call centers|contact centers|providers|in (mexico|colombia|peru|chile|argentina|spain|the us|brazil|india|the philippines|latam))\b",
        r"\b(empresas|companias|centros|bpos?|organizaciones|sitios|proveedores|call ?centers?) (\w+ ){0,2}certificad",
        r"\b(quien|quienes) (ya )?(esta|estan|tiene|tienen|cuenta|cuentan|obtuvo|obtuvieron) (con )?(la )?(certific|certificad|el certificado)",
        r"\b(is|are|was) (?!the |a |an )(\w+ ){1,3}(copc[- ])?certified\b(?! (entity|entities|scope|unit|services?|programs?|sites?|staff|agents?|auditors?|trainers?))", r"\besta(n)? (\w+ ){1,2}certificad", r"\b(list|names?|lista|nombres?|directory|directorio|ranking) (of|de) (the |los |las )?(auditors|auditores|consultants|consultores|certified|certificad|empresas|companies)",
        r"\b(phone number|email address|contact details|contact info|office address|numero de contacto|(website|web site|pagina web|sitio web|oficinas) (of|de) copc|copc (website|web site))\b",
        r"\b(tiene|tienen|has|have|hold|holds|got) (ya )?(la |the |a )?(certificacion |certification |certificate |certificado )?(de |of )?copc\b\W*$",
        r"\bhow many (\w+ ){0,2}(companies|firms|organi[sz]ations|centers|centres|bpos|sites|vendors|call centers|contact centers) (are|have|hold|got|in)\b",
        r"\b(where is|where are|donde (esta|estan|queda)) (the )?(copc|la oficina de copc|las oficinas de copc)\b",
        r"\bwho (are|is) (the |their )?(copc )?(auditors?|consultants?|trainers?)\b", r"\b(se certificaron|se han certificado|got certified|were certified|have been certified|became certified)\b",
        r"\b(correo|email|e-mail|mail|telefono|phone|whatsapp|direccion|address|contacto|contact) (de|del|of|for|with|con) (copc|contacto|la empresa)\b", r"\b(how (do|can|could) (i|we) (contact|reach)|contactar a|contactar con|contacto con) copc\b",
        r"\b(who|quien|quienes) .{0,60}\b(now|today|currently|nowadays|these days|hoy|actualmente|ahora)\b",
        r"\b(?!que\b|la\b|el\b|entidad\b|se\b)\w+ (esta|estan) (ya )?certificad", r"\bquien(es)? (son|es) (los |las |el |la )?(auditor|consultor|capacitador)",
    ],
    "vendor": [
        r"\b(which|what) (?:(?!is |are |does |do |was |es |son )\w+ ){0,2}(software|vendor|vendors|platform|platforms|consultant|consultants|consultancy|consulting firm|headsets?|wfm|wfo)\b(?! management)",
        r"\bcopc (backs|endorses|sponsors|avala|respalda|patrocina)\b", r"\b(endors\w*|avala|avalan|respald\w*|patrocin\w*) (\w+ ){0,5}(software|tool|tools|brand|brands|marca|marcas|product|products|producto|productos|herramienta|herramientas|vendor|vendors|proveedor|proveedores|platform|plataforma)s?\b",
        r"\b(best|top|recommend\w*|good|compliant|certified|cheapest|approved|homologated) (\w+ ){0,3}(software|tool|tools|vendor|vendors|platform|platforms|app|apps|product|products|solution|solutions|system|systems|consultant|consultants|consultancy|provider|providers|supplier|suppliers|brand|brands|headsets?|wfm|wfo)\b(?! management)",
        r"\b(software|tool|tools|platform|app|product|producto|solution|system|vendor|brand|marca)s? (\w+ ){0,4}(que )?(copc )?(backs|endorses|respalde|respalda|avale|avala)\b",
        r"\b(software|tool|tools|platform|app|product|solution|system|vendor|provider|supplier|consultancy|consultant)s? (\w+ ){0,3}(do you recommend|should (we|i)|would you (use|recommend|pick)|is (the )?best|is compliant|complies|meets copc|is copc (certified|approved|compliant))",
        r"\b(software|herramienta|herramientas|plataforma|plataformas|aplicacion|app|producto|productos|solucion|sistema|sistemas|marca|marcas|diademas|proveedor|proveedores|consultora|consultoras|consultor|consultores)\b"
        r".{0,40}\b(recomiend|cumpl|mejor|compr|usar|uso|conviene|certificad|homologad|aprobad|elijo|elegir|escoger|contrat)",
        r"\b(recomiend\w*|mejor|mejores|que|cual|cuales) (?:(?!es |son |significa )\w+ ){0,2}(software|herramienta|herramientas|proveedor|proveedores|plataforma|plataformas|consultora|consultoras|marca)\b(?! de servicios)",
        r"\b(should|can|could) (we|i) (buy|purchase|license|subscribe to)\b", r"\b(debemos|debo|deberiamos|deberia|conviene|puedo|podemos) (comprar|adquirir)\b",
        r"\b(should|shall) (we|i) (use|hire|pick|choose|get|go with) (\w+ ){0,2}(software|tool|vendor|platform|provider|consultant|consultancy|crm|app|system|solution)s?\b",
        r"\b(buy|purchase|comprar|adquirir) (a |an |the |un |una |el |la )?(\w+ ){0,2}(software|tool|platform|license|licencia|herramienta|plataforma|sistema|system)\b",
        r"\b(amazon connect|microsoft dynamics|google ccai|nice incontact|five 9)\b",
    ],
    "law": [
        r"\b(labou?r|employment|overtime|privacy|data protection|work|working) (law|laws|code|regulation|regulations|rules|act|legislation)\b", r"\bminimum wage\b",
        r"\b(is it|is that|is this|es|sera|seria|would it be) (\w+ )?(legal|ilegal|illegal|lawful)\b", r"\blegal(ly)? (required|obligation|obliged|requirement|to)\b",
        r"\b(ley|leyes|codigo|legislacion|derecho|normativa|reglamento) (laboral|del trabajo|de trabajo|federal del trabajo|de proteccion de datos|de datos)\b",
        r"\bley (de|federal|general)\b", r"\b(por|by|under( the)?|segun la|according to( the)?) (ley|law)\b", r"\b(mandatory|required|obligatori[oa]) (by|por) (law|ley)\b",
        r"\b(obligacion|requisito) legal\b", r"\bnom-?0\d\d\b", r"\b(labor union|trade union|union contract|union rules|collective agreement|convenio colectivo|contrato colectivo)\b",
        r"\b(salario minimo|horas extra|horas extras|jornada laboral|jornada maxima|working hours limit|maximum working hours|vacaciones de ley|days off by law)\b",
        r"\bcan (my|the|our) (boss|employer|company|manager|supervisor) (make|force|fire|oblige)\b", r"\b(me|nos|les) (pueden|puede) (obligar|despedir|correr)\b",
        r"\b(can|could|may|puede|pueden|podemos|puedo) (\w+ ){0,3}(fire|dismiss|sack|terminate|suspend|despedir|correr|suspender|descontar|descontarle)\b",
        r"\b(fire|firing|dismiss|dismissal|lay off|despedir|correr) (an |a |un |una |al |a la )?(agent|employee|agente|empleado|asesor|trabajador)",
    ],
    "other_standard": [
        r"\biso ?\d{3,5}\b", r"\bnorma iso\b", r"\bsix sigma\b", r"\blean six\b", r"\bpci[- ]?dss\b", r"\bsoc ?2\b", r"\ben ?15838\b",
        r"\bcustomer service excellence\b", r"\b(net promoter|nps) (score|benchmark|of|de)\b", r"\bbalanced scorecard\b", r"\bj ?d ?power\b",
        r"\btl ?9000\b", r"\bcustomer service institute\b", r"\bcx ?pa\b", r"\bcopc (vs|versus|or|o|contra|compared to|frente a|against) (\w+ ){0,2}(iso|itil|six|lean|efqm|cmmi|hdi)",
        r"\b(other|another|otra|otras|otro|otros) (standard|standards|norma|normas|certification|certifications|certificacion|certificaciones|framework|frameworks|marco|marcos)\b",
    ],
    "calculation": [
        r"\bhow many (\w+ ){0,2}(agents|staff|people|fte|ftes|reps|representatives|seats|heads|advisors|employees|operators|positions|workstations|lines|trunks|supervisors)\b"
        r".{0,60}\b(need|needed|require|required|should|must|hire|staff|schedule|cover|handle|for)\b",
        r"\bcuant[oa]s (\w+ ){0,2}(agentes|asesores|fte|ftes|personas|ejecutivos|posiciones|representantes|operadores|empleados|puestos|lineas|troncales|supervisores)\b"
        r".{0,60}\b(necesito|necesitamos|necesita|requiero|requerimos|requiere|hacen falta|se necesitan|debo|debemos|ocupo|ocupamos|contrato|contratar|para|tengo que|tenemos que)\b",
        r"\b(calculate|compute|work out|figure out|estimate|calcula|calcular|calculame|calcule|calculen|estima|estimar|dimensiona|dimensionar|sacar la cuenta)\b"
        r".{0,80}\b(headcount|staffing|fte|ftes|agents|agentes|plantilla|dimensionamiento|asesores|staff|trunks|seats|puestos|occupancy|ocupacion)\b",
        r"\b(headcount|staffing|dimensionamiento|plantilla) (for|para|de)\b.{0,60}\d",
        r"\b\d[\d,.]* (calls|llamadas|contacts|contactos|chats|emails|correos|tickets)\b.{0,120}\b(how many|cuant[oa]s)\b",
        r"\b(what|which|que|cual|cuanta|how much) (\w+ ){0,2}(occupancy|service level|nivel de servicio|ocupacion|asa|abandonment|abandono) (will|would|do|shall|tendre|tendremos|tendria|tendriamos|da|dara|daria)\b.{0,80}\d",
        r"\b(with|con|have|tengo|tenemos) \d[\d,.]* (agents|agentes|asesores|reps|ftes?|people|personas)\b.{0,80}\d",
        r"\b(if|si|with|con) (i|we|you)? ?(have |get |receive |tengo |tenemos |recibo |recibimos |entran |llegan )?\d[\d,.]* (calls|contacts|llamadas|contactos|chats|emails|tickets)\b.{0,80}\b(how many|cuant|what|cual|que)\b",
        r"\b\d[\d,.]* (calls|contacts|llamadas|contactos|chats)\b.{0,60}\b(per|an|a|por|cada|al|x) (hour|hora|day|dia|half hour|media hora|interval|intervalo)\b.{0,80}\b(how many|cuant|agents|agentes|staff|fte)",
    ],

    "market": [
        # Market data: a figure for a sector, country or year, or what the top centres achieve. The
        # knowledge base gives COPC's definitions and the fact sheet's common targets, never these.
        r"\b(benchmark|benchmarks|average(?! (handle|speed|talk|hold|wait|time))|averages|typical|median|industry|market|promedio|promedios|tipico|tipica|referencia|referencias|mercado|industria)\b"
        r" (\w+ ){0,6}(for|in|of|among|across|en|de|del|para|entre) (the |la |el |los |las )?(\w+ ){0,2}(bank|banks|banking|banca|bancos|bancari[oa]s?|telecom|telecoms|telco|telcos|"
        r"telecomunicaciones|retail|retailers|healthcare|hospitals|insurance|insurers|seguros|aseguradoras|salud|utilities|airlines?|aerolineas|ecommerce|e commerce|government|gobierno|fintechs?|energy|energia)\b",
        r"\b(benchmark|benchmarks|promedio|promedios|average|averages) (\w+ ){0,8}(in|en|for|para|de|del) (19|20)\d\d\b",
        r"\b(in|en|for|para|de|across) (latin america|latam|latinoamerica|north america|europe|europa|asia|spain|espana|mexico|colombia|peru|chile|argentina|brazil|brasil|the philippines|filipinas|india|the us|usa|estados unidos)\b"
        r".{0,40}\b(benchmark|benchmarks|average|averages|promedio|promedios|typical|tipico|tipica)\b",
        r"^(?=.*\b(aht|tmo|fcr|csat|nps|asa|service level|nivel de servicio|abandon\w*|occupancy|ocupacion|attrition|rotacion|scores?|puntajes?|kpis?|indicadores|metricas|numbers|cifras|results|resultados)\b)"
        r".*\b(top|best|leading|biggest|largest|mejores|principales|lideres|mas grandes) (\w+ ){0,3}(contact|call|centros|centres|centers|companies|empresas|bpos?|outsourcers|operations|operaciones)\b"
        r".{0,60}\b(get|got|achieve|achieved|achieves|reach|reached|hit|have|had|score|scored|tienen|tuvieron|logran|lograron|obtienen|obtuvieron|sacan|sacaron|alcanzan|alcanzaron|manejan)\b",
        # a metric "in Spain", "en Argentina": a country's figures (the countries the fact sheet names
        # carry no metric: "who licenses COPC in Spain?")
        r"^(?=.*\b(aht|tmo|fcr|csat|nps|asa|service level|nivel de servicio|abandon\w*|occupancy|ocupacion|attrition|rotacion)\b)"
        r".*\b(in|en|de|across) (the )?(latin america|latam|latinoamerica|north america|europe|europa|asia|spain|espana|mexico|colombia|"
        r"peru|chile|argentina|bolivia|ecuador|uruguay|paraguay|venezuela|guatemala|costa rica|panama|brazil|brasil|portugal|philippines|filipinas|india|the us|usa|estados unidos)\b",
        # the same in Spanish word order: "¿qué nivel de servicio logran los mejores call centers?"
        r"^(?=.*\b(aht|tmo|fcr|csat|nps|asa|nivel de servicio|abandono|ocupacion|rotacion|puntajes?|indicadores|metricas|cifras|resultados)\b)"
        r".*\b(tienen|tuvieron|logran|lograron|obtienen|obtuvieron|sacan|sacaron|alcanzan|alcanzaron|manejan) (\w+ ){0,2}(los |las )?"
        r"(mejores|principales|lideres|mas grandes) (\w+ ){0,3}(centros|call|contact|empresas|bpos?|outsourcers|operaciones)\b",
    ],
    "finance": [
        r"\b(annual|yearly|total|anual|anuales) (revenue|revenues|turnover|income|sales|ingresos|facturacion|ventas)\b",
        r"\b(copc|copc inc|the organi[sz]ation|la organizacion|la empresa)( s)? (annual |yearly )?(revenue|revenues|turnover|income|earnings|valuation|ingresos|facturacion|ventas)\b",
        r"\b(revenue|revenues|turnover|ingresos|facturacion|ventas) (of|de|del) (copc|la organizacion)\b",
        r"\b(how much money|cuanto dinero|cuanta plata) (does|do|did|gana|genera|factura|hace) (copc|the organi[sz]ation|la organizacion)\b",
        r"\bhow many (people|staff|employees|workers) (does|do) (copc|copc inc|kenwin|the company)\b", r"\bcuant[oa]s (empleados|trabajadores|personas) (tiene|trabajan en) (copc|kenwin)\b",
        r"\b(fined|fine for|fine if|pay a fine|penali[sz]\w*)\b", r"\b(revenue|revenues|turnover|income|sales|ingresos|facturacion|ventas) (anual|anuales|annual|yearly|por ano|al ano)\b",
    ],
    "hr_policy": [
        r"\b(vacation|holiday|leave|pto|sick) (days|entitlement|allowance|policy)\b", r"\bdias (de vacaciones|libres|de descanso) (le|les|me|nos|corresponden|tiene|tienen|da|dan)\b",
        r"\b(cuantos|how many) dias de vacaciones\b", r"\b(vacaciones|vacations?) (le|les|me|nos) (corresponden|tocan|dan)\b",
        r"\b(reward\w*|premi\w*|recompens\w*) (\w+ ){0,3}(agent|agents|agente|agentes|asesor|asesores|employee|employees)\b",
        r"\b(dress code|codigo de vestimenta|uniforme|uniform policy|maternity leave|licencia de maternidad|paternity leave)\b",
    ],
    "document": [
        r"\b(full|complete|entire|whole|exact|literal|official|original) (text|wording|texto)\b", r"\btexto (completo|literal|integro|exacto|oficial|original)\b",
        r"\b(word for word|palabra por palabra|al pie de la letra|textualmente|literally|literalmente|copy paste|copiar y pegar)\b",
        r"\b(copy|copiame|copias|copiar|paste|pega|pegame|send me|mandame|enviame|share|comparte|compartir) (me |nos |the |el |la |los |las |lo |me lo |nos lo )?(\w+ ){0,2}(text|texto|pdf|document|documento|standard|norma|item|items)\b(?! (says|dice|means|significa))",
        r"\b(me lo|nos lo|me la|nos la) (copias|copiarias|pegas|pasas|mandas|envias)\b",
        r"\b(template|plantilla|modelo|formato|sample|example|ejemplo|borrador|draft) (de|of|for|para) (a |an |the |un |una |el |la )?(\w+ ){0,2}(contract|contrato|sla|agreement|acuerdo|convenio|rfp|policy|politica)\b",
        r"\b(contract|contrato|sla|agreement|acuerdo) (template|plantilla|modelo|tipo)\b", r"\b(write|draft|redacta|redactame|escribe|escribeme|haz|hazme) (me |us )?(a |an |un |una )?(contract|contrato|sla|agreement|acuerdo)\b",
        r"\b(en|in|as a|as|como|un|a) pdf\b", r"\b(pdf|download|descargar|descarga) (of|de|del) (the |la |el )?(copc )?(standard|norma|estandar)\b",
    ],
    "target": [
        # COPC fixes no numeric targets: a number, ratio or quota "COPC requires" or "I should plan".
        r"\b(\d+|one|un|uno) (supervisor|supervisors|supervisores|team lead|lider|coordinador|qa|analyst|analista|evaluador|trainer)s? (per|for every|for each|to|por cada|por|cada|para) (\d+ )?(agents?|agentes|asesores|reps?)\b",
        r"\b(how many|cuantos|cuantas) (\w+ ){0,2}(supervisors?|supervisores|agents?|agentes|asesores|team leads?|lideres|analysts?|analistas|evaluations?|evaluaciones|monitoreos|monitorings?|calls?|llamadas|monitors?|coaching sessions?|sesiones|audits|auditorias|samples|muestras) (\w+ ){0,2}(per|for every|for each|por cada|por|cada|al|a la) (\w+ ){0,1}(supervisor|supervisors|supervisores|agents?|agentes?|asesor|asesores|team lead|team leader|lead|lider|coordinador|analyst|analista|month|mes|week|semana|day|dia)\b"
        r".{0,60}\b(require|requires|required|mandate|mandates|demand|exige|exigen|pide|piden|requiere|obliga|dictate|set|fija|recommend|recomienda|need|necesito)",
        r"\b(ratio|proporcion|span of control|tramo de control|relacion) (\w+ ){0,4}(require|requires|required|exige|pide|requiere|should|deberia|debe|recommend|recomienda|ideal|correct|correcto|correcta)\b",
        r"\b(require|requires|exige|pide|requiere|mandate|mandates) (a |an |un |una |el |la )?(ratio|proporcion|span of control|tramo de control|relacion de \d)",
        r"\b(what|which|que|cual|how much|cuanto|cuanta) (\w+ ){0,3}(shrinkage|absenteeism|ausentismo|attrition|rotacion|occupancy|ocupacion|utilization|utilizacion|service level|nivel de servicio|aht|tmo|fcr|csat|quality score|calidad|sample size|sample|tamano de (la )?muestra|muestra)( percentage| rate| %| porcentaje| target| meta| objetivo)? "
        r"(\w+ ){0,2}(should|shall|must|debo|deberia|deberiamos|debemos|tengo que|tenemos que|do i|do we|to) (\w+ ){0,2}(plan|planear|planificar|planificarle|budget|presupuestar|assume|asumir|use|usar|target|set|fijar|aim|apuntar|poner|meter)",
        r"\b(porcentaje|percentage|%|numero|number|cifra|figure|meta|target|objetivo) (\w+ ){0,4}(should|deberia|debo|debemos|deberiamos|tengo que|tenemos que) (\w+ ){0,2}(plan|planear|planificar|presupuestar|budget|use|usar|assume|asumir|poner|meter)\b",
        r"\b(require|requires|exige|pide|requiere|mandate|mandates|demand)s? (\w+ ){0,3}exactly\b", r"\bexactly (how many|what number|what percentage)\b", r"\b(cuantos|cuantas|cuanto) exactamente\b",
    ],
    "logistics": [
        r"\b(how many|cuantos|cuantas) (days|dias|hours|horas|weeks|semanas) (\w+ ){0,4}(last|lasts|take|takes|dura|duran|tarda|tardan|toma|lleva|is|es)\b.{0,40}\b(audit|auditoria|assessment|evaluacion|visit|visita|exam|examen|course|curso|training|certificacion|certification)",
        r"\b(how many|cuantos|cuantas) (days|dias|hours|horas|weeks|semanas)\b.{0,40}\b(audit|auditoria|assessment|visit|visita|exam|examen|certification|certificacion)\b.{0,20}\b(last|lasts|take|takes|dura|duran|tarda|toma|on site|in situ|onsite)\b",
        r"\b(how long|cuanto tiempo|cuanto dura|cuanto duran|cuanto tarda|duracion) (\w+ ){0,5}(audit|auditoria|on site|onsite|in situ|visit|visita|exam|examen)\b(?! (period|cycle|ciclo|periodo))",
        r"\b(how long|how many (months|weeks|days)|cuanto tiempo|cuantos (meses|dias)|cuantas semanas) (\w+ ){0,4}(take|takes|toma|tarda|tardan|lleva|se tarda|se demora|demora)\b.{0,30}\b(implement\w*|get certified|certify|certif\w*|implementar|certificar\w*|prepar\w*)",
        r"\b(how many|cuantos|cuantas) (\w+ ){0,1}(auditors|auditores|evaluadores|assessors|consultores|consultants) (\w+ ){0,3}(come|comes|send|sends|visit|manda|mandan|envia|envian|vienen|viene|llegan|asigna|are sent|will be|does copc)",
        r"\b(pass mark|passing mark|passing score|passing grade|pass rate|pass threshold|minimum score to pass|score to pass|nota (minima|aprobatoria|para aprobar)|calificacion (minima|aprobatoria|para aprobar)|puntaje (minimo )?para aprobar|para pasar el examen|to pass the (exam|test))\b",
        r"\b(exam|examen|test|prueba|quiz) (\w+ ){0,4}(pass mark|passing|aprobar|aprueba|minimum|minimo|minima|how many questions|cuantas preguntas)\b",
        r"\b(next|upcoming|proxima|proximo|siguiente) (\w+ ){0,3}(meeting|reunion|sesion|session|conference|congreso|summit|webinar|cohort|convocatoria|course|curso|class|clase|workshop|taller|training|capacitacion)\b",
        r"\b(when|cuando) (will|is|does|sale|saldra|se publica|se publicara|llega|llegara|se lanza|se lanzara|va a salir|come) (\w+ ){0,4}(next|upcoming|new|future|proxima|nueva|siguiente|9|9 0|release 9|version 9)\b",
        r"\b(will|va a|van a) (\w+ ){0,4}(come out|be released|be published|launch|salir|publicarse|lanzarse)\b", r"\b(release|version|edicion|edition|norma|standard|cx) 9( 0)?\b",
        r"\b(where|donde) (\w+ ){0,3}(take|tomar|presentar|rendir|sit) (\w+ ){0,2}(exam|examen|test|prueba)\b", r"\b(schedule|agend\w*|programar|programo|book|reserv\w*) (\w+ ){0,2}(an |a |la |el |una )?(audit|auditoria|exam|examen)\b",
    ],
    "status": [
        r"\b(tiene|tienen|tenia|has|have|holds?|mantiene|conserva|keeps?|still has) (\w+ ){0,2}(la |el |its |their |su |a |valid |current )?(certificacion|certificado|certification|certificate|copc)( copc)? (vigente|activa|activo|al dia|valid|current|active|still|todavia|aun)\b",
        r"\b(is|are|was|esta|estan) (\w+ ){0,6}(copc[- ])?(certified|certificad\w*)\b(?! (entity|entities|scope|unit|services?|programs?|staff|agents?|auditors?|trainers?)).{0,40}\b(at the moment|right now|currently|today|now|still|yet|this year|ahora|ahorita|hoy|actualmente|todavia|aun|vigente)\b",
        r"\b(what|which|how much|que|cual|cuanto|cuanta) (\w+ ){0,2}(score|scores|puntaje|puntuacion|calificacion|nota|result|resultado|rating) (did|got|saco|sacaron|obtuvo|obtuvieron|tuvo|tuvieron|logro|received|achieved)\b",
        r"\b(certificat\w*|certificad\w*|certificacion) (of|de|del) (\w+ ){1,3}(still |todavia |aun )?(valid|current|active|vigente|activa|valido|valida)\b",
        r"\b(certification|certificate|certificacion|certificado) (\w+ ){0,1}(expired|vencio|caduco|lapsed)\b",
        r"\b(what|how much|how many points|cuanto|cuantos puntos) (did|does|has|have) (\w+ ){1,3}(score|get|got|obtain|achieve|achieved)\b.{0,30}\b(audit|assessment|certification)",
        r"\b(score|scored|scores|puntaje|puntuacion|calificacion|sacó|saco|obtuvo|obtuvieron|sacaron|got|get|received|recibio) (\w+ ){0,4}(in|en|on) (its|their|his|her|su|sus|the|la) (last|latest|most recent|recent|previous|ultima|pasada|reciente|anterior) (audit|auditoria|assessment|evaluacion|certification|certificacion)",
        r"\b(highest|lowest|best|worst|top|mejor|peor|mas alto|mas alta|mas bajo|mas baja|maximo|maxima) (\w+ ){0,3}(audit |auditoria )?(score|scores|puntaje|puntajes|puntuacion|calificacion|rating|ranking)\b",
        r"\b(which|what|que|cual|cuales) (\w+ ){0,2}(outsourcer|outsourcers|bpo|bpos|company|companies|empresa|empresas|site|sites|sitio|sitios|center|centre|centro|vendor|provider|proveedor) (\w+ ){0,2}(has|have|got|tiene|tienen|obtuvo|saco|sacó) (\w+ ){0,2}(highest|best|lowest|top|mejor|peor|mas alto|mas alta|mayor|menor)",
        r"\b(nuestra|la|mi|our|the) (competencia|competition)\b", r"\b(hold|holds|has|have|tiene|tienen|keeps?|mantiene) (\w+ ){0,2}(valid|current|active|vigente|activa|valida) (copc )?(certificat\w*|certificad\w*)",
        r"\b(vencio|vencida|vencido|expiro|expired|caduco|caducado|lapsed) (\w+ ){0,2}(la |su |el |its |their )?(copc )?(certificacion|certificado|certification|certificate)\b",
        r"\b(is|are|esta|estan) (\w+ ){1,6}(currently|still|now|right now|actualmente|todavia|aun|ahorita|ahora) (copc[- ])?(certified|certificad\w*)\b", r"\b(se han certificado|se certificaron|got certified|have been certified|were certified|became certified) (con|with|in|en|under|bajo) (la |el |the |release |version )?(\d|cx|csp|release|version)",
    ],
}

_CUE_RE = re.compile(r"[a-z][a-z0-9]*")
_PATTERN_RE = {kind: re.compile("|".join(f"(?:{p})" for p in patterns)) for kind, patterns in PATTERNS.items()}
_FUZZY_CUES = [(cue, kind) for kind, cues in CUES.items() for cue in cues if len(cue) >= 6 and cue.isalpha()]
# Kinds in the order a question is attributed (a price of a staffing tool is a price).
KINDS = ("price", "finance", "salary", "hr_policy", "document", "target", "calculation", "market", "law",
         "other_standard", "logistics", "status", "people", "vendor")


def _cue_kind(word: str, known: Callable[[str], bool] | None) -> str | None:
    for kind in KINDS:
        if word in CUES.get(kind, ()):
            return kind
    # A misspelt cue: only words the knowledge base never uses, so its own words never turn into
    # a request ("feedback" is not "fees"); two edits from 8 letters, as typo correction does.
    if len(word) < 5 or known is None or known(word):
        return None
    for cue, kind in _FUZZY_CUES:
        # Two edits only between words of about the same length: dropping two letters of a long
        # cue makes another word ("president" -> "present"), not a slip.
        gap = abs(len(cue) - len(word))
        distance = OSA.distance(word, cue)
        if distance <= (2 if len(cue) >= 8 and gap <= 1 else 1 if gap <= 1 else 0):
            # A word nearer to one of the knowledge base's own words (or an abbreviation of one) is
            # a slip of *that* word ("proces" is "process", not "prices"); on a tie the request wins.
            correct = getattr(getattr(known, "__self__", None), "correct_word", None)
            near = correct(word) if correct is not None else None
            if near and (near.startswith(word) or OSA.distance(word, near) < distance):
                return None
            return kind
    return None


def asked_detail(question: str, known: Callable[[str], bool] | None = None) -> str | None:
    """The kind of detail ``question`` asks for that no entry supplies, or None.

    ``known``: whether a folded word is one of the knowledge base's own (enables misspelt cues);
    when it is a vocabulary's bound ``known``, that vocabulary's ``correct_word`` also tells a slip
    of a knowledge-base word, which is never read as a misspelt cue.
    """
    folded = fold(question)
    for kind in KINDS:
        if _PATTERN_RE[kind].search(folded):
            return kind
    for word in _CUE_RE.findall(folded):
        kind = _cue_kind(word, known)
        if kind:
            return kind
    return None
