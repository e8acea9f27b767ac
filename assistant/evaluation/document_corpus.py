"""Documents generated with real libraries for the documents feature's evaluation (`copc eval
--passages`), tests and benchmark: a standard-shaped PDF (item headings, title page naming its release), site
procedures (PDF, DOCX) that reference items, and training decks (PPTX), in English and Spanish.

All text is written for this project: it describes how an imaginary site works and never
reproduces the licensed COPC standard.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Topic:
    key: str
    item: str  # CSP 5.1 item the practice relates to
    title_en: str
    title_es: str
    text_en: str
    text_es: str
    question_en: str
    question_es: str
    # A second wording of each question (other words than the passage uses where possible).
    paraphrase_en: str = ""
    paraphrase_es: str = ""


TOPICS: tuple[Topic, ...] = (
    Topic("calibration", "2.4", "Calibration sessions", "Sesiones de calibración",
          "Every Tuesday the quality analysts score the same three recorded calls on their own and then compare "
          "their scores. A difference above five points on any call is discussed with the quality lead until the "
          "team agrees, and the agreed score is kept in the calibration log.",
          "Cada martes los analistas de calidad evalúan por separado las mismas tres llamadas grabadas y luego "
          "comparan sus calificaciones. Una diferencia de más de cinco puntos se discute con el líder de calidad "
          "hasta llegar a un acuerdo, y la calificación acordada se guarda en la bitácora de calibración.",
          "How often do quality analysts compare their scores on the same recorded calls?",
          "¿Cada cuánto comparan los analistas de calidad sus calificaciones de las mismas llamadas grabadas?",
          "Which day of the week do QA analysts calibrate?",
          "¿Qué día de la semana calibran los analistas de calidad?"),
    Topic("corrective", "2.3", "Corrective actions", "Acciones correctivas",
          "When a key metric misses its target two weeks in a row, the team lead opens a corrective action card. "
          "The card names the root cause found with a five-whys session, one owner and a due date, and it is "
          "closed only after four weeks of results back on target.",
          "Cuando un indicador clave incumple su objetivo dos semanas seguidas, el líder del equipo abre una "
          "tarjeta de acción correctiva. La tarjeta nombra la causa raíz encontrada con una sesión de cinco "
          "porqués, un responsable y una fecha, y se cierra solo tras cuatro semanas de resultados en objetivo.",
          "What happens when a key metric misses its target two weeks in a row?",
          "¿Qué pasa cuando un indicador clave incumple su objetivo dos semanas seguidas?",
          "Who opens a corrective action card and when is it closed?",
          "¿Quién abre la tarjeta de acción correctiva y cuándo se cierra?"),
    Topic("forecast", "2.5", "Forecasting contact volume", "Pronóstico del volumen de contactos",
          "The workforce team forecasts contact volume per half hour for the next six weeks from the last two "
          "years of history, adjusted for promotions announced by marketing. The forecast is compared with actual "
          "volume every morning and an error above eight percent triggers a review.",
          "El equipo de planificación pronostica el volumen de contactos por media hora para las próximas seis "
          "semanas con dos años de historia, ajustado por las promociones que anuncia mercadotecnia. Cada mañana "
          "se compara con el volumen real y un error mayor al ocho por ciento provoca una revisión.",
          "How far ahead does the workforce team forecast contact volume?",
          "¿Con cuánta anticipación pronostica el equipo de planificación el volumen de contactos?",
          "What history is the volume forecast built from?",
          "¿Con qué historia se construye el pronóstico de volumen?"),
    Topic("hiring", "3.2", "Hiring new agents", "Contratación de agentes nuevos",
          "Candidates for agent roles take a typing test, a listening exercise with a recorded customer and a "
          "structured interview with two supervisors. Only candidates who pass all three steps receive an offer, "
          "and the scores are kept for one year.",
          "Los candidatos a agente hacen una prueba de mecanografía, un ejercicio de escucha con un cliente "
          "grabado y una entrevista estructurada con dos supervisores. Solo quienes aprueban los tres pasos "
          "reciben una oferta, y las calificaciones se guardan un año.",
          "What tests do candidates for agent roles take before an offer?",
          "¿Qué pruebas hacen los candidatos a agente antes de recibir una oferta?",
          "Is there a typing test for new agent candidates?",
          "¿Hay prueba de mecanografía para los candidatos a agente?"),
    Topic("nesting", "3.3", "New hire nesting", "Periodo de acompañamiento de nuevos agentes",
          "After classroom training, new agents spend ten working days in a nesting bay where a coach sits with "
          "them and listens to every third contact. They move to the floor when their quality score reaches "
          "eighty-five for five days running.",
          "Después de la capacitación en aula, los agentes nuevos pasan diez días hábiles en una zona de "
          "acompañamiento donde un coach escucha uno de cada tres contactos. Pasan a la operación cuando su "
          "calificación de calidad llega a ochenta y cinco durante cinco días seguidos.",
          "How long do new agents stay in the nesting bay after classroom training?",
          "¿Cuánto tiempo pasan los agentes nuevos en la zona de acompañamiento después del aula?",
          "When can a new hire leave nesting and join the floor?",
          "¿Cuándo puede un agente nuevo salir del acompañamiento y pasar a la operación?"),
    Topic("skills", "3.4", "Verifying product knowledge", "Verificación del conocimiento de producto",
          "Each quarter every agent answers a twenty-question product quiz and handles two mystery-shopper "
          "contacts. An agent who scores below the pass mark gets a refresher session and retakes the quiz "
          "within ten days.",
          "Cada trimestre cada agente responde un cuestionario de veinte preguntas sobre productos y atiende dos "
          "contactos de cliente incógnito. Quien queda por debajo de la nota mínima recibe una sesión de repaso "
          "y repite el cuestionario en diez días.",
          "How is agents' product knowledge checked each quarter?",
          "¿Cómo se verifica cada trimestre el conocimiento de producto de los agentes?",
          "What happens if an agent fails the quarterly product quiz?",
          "¿Qué pasa si un agente reprueba el cuestionario trimestral de productos?"),
    Topic("continuity", "2.9", "Power and network outages", "Cortes de energía y de red",
          "If the building loses power, the generator starts within thirty seconds and the telephony platform "
          "stays up on batteries. If the network link fails, calls are rerouted to the backup site in the other "
          "city, and the duty manager informs the client within fifteen minutes.",
          "Si el edificio se queda sin energía, la planta de emergencia arranca en treinta segundos y la "
          "plataforma telefónica sigue en baterías. Si falla el enlace de red, las llamadas se desvían al sitio "
          "alterno en la otra ciudad y el gerente de turno avisa al cliente en quince minutos.",
          "What happens to calls if the network link of the building fails?",
          "¿Qué pasa con las llamadas si falla el enlace de red del edificio?",
          "How fast does the generator start during a power cut?",
          "¿En cuánto tiempo arranca la planta de emergencia si se va la luz?"),
    Topic("reporting", "2.10", "Checking report accuracy", "Revisión de la exactitud de los reportes",
          "Before the monthly client report is sent, an analyst who did not build it recalculates five of its "
          "figures from the raw data. Any difference is corrected and recorded in the report change log.",
          "Antes de enviar el reporte mensual al cliente, un analista que no lo preparó recalcula cinco de sus "
          "cifras a partir de los datos en bruto. Cualquier diferencia se corrige y se anota en la bitácora de "
          "cambios del reporte.",
          "Who checks the figures of the monthly client report before it is sent?",
          "¿Quién revisa las cifras del reporte mensual al cliente antes de enviarlo?",
          "How many figures of the client report are recalculated?",
          "¿Cuántas cifras del reporte al cliente se recalculan?"),
    Topic("change", "2.1", "Launching a process change", "Lanzamiento de un cambio de proceso",
          "A change to a script, a tool or a routing rule is first piloted with one team for a week. The pilot "
          "results are reviewed by operations and quality together before the change reaches the other teams.",
          "Un cambio en un guion, una herramienta o una regla de ruteo se prueba primero con un solo equipo "
          "durante una semana. Operaciones y calidad revisan juntos los resultados de la prueba antes de "
          "llevar el cambio a los demás equipos.",
          "How is a change to a script or routing rule introduced?",
          "¿Cómo se introduce un cambio en un guion o en una regla de ruteo?",
          "How long is a pilot of a new script run?",
          "¿Cuánto dura la prueba piloto de un guion nuevo?"),
    Topic("suppliers", "2.8", "Reviewing key suppliers", "Revisión de proveedores clave",
          "The telephony provider and the staffing agency are reviewed every quarter against the service levels "
          "in their contracts. Two missed quarters lead to a formal improvement plan with the supplier.",
          "El proveedor de telefonía y la agencia de personal se revisan cada trimestre contra los niveles de "
          "servicio de sus contratos. Dos trimestres incumplidos llevan a un plan formal de mejora con el "
          "proveedor.",
          "How often are the telephony provider and the staffing agency reviewed?",
          "¿Cada cuánto se revisan el proveedor de telefonía y la agencia de personal?",
          "What happens after two missed quarters by a supplier?",
          "¿Qué pasa si un proveedor incumple dos trimestres?"),
    Topic("targets", "1.3", "Setting yearly targets", "Definición de objetivos anuales",
          "In November the site director and each client agree the targets for the next year. Every target "
          "has a baseline from the current year and a written reason when it is set below that baseline.",
          "En noviembre el director del sitio y cada cliente acuerdan los objetivos del año siguiente. Cada "
          "objetivo tiene una línea base del año en curso y una razón escrita cuando queda por debajo de ella.",
          "When does the site director agree next year's targets with each client?",
          "¿Cuándo acuerda el director del sitio los objetivos del año siguiente con cada cliente?",
          "What must be written when a target is below the baseline?",
          "¿Qué se debe escribir cuando un objetivo queda debajo de la línea base?"),
    Topic("privacy", "2.6", "Handling card numbers", "Manejo de números de tarjeta",
          "Agents never type card numbers into notes. Payments are taken through the secure keypad transfer, and "
          "recordings pause automatically while the customer enters the number.",
          "Los agentes nunca escriben números de tarjeta en las notas. Los pagos se toman con la transferencia al "
          "teclado seguro, y la grabación se pausa sola mientras el cliente marca el número.",
          "How are card payments taken without agents writing the card number?",
          "¿Cómo se toman los pagos con tarjeta sin que el agente escriba el número?",
          "Do call recordings pause while the customer enters a card number?",
          "¿Se pausa la grabación mientras el cliente marca su tarjeta?"),
)


def _pdf_lines(c, lines: list[tuple[str, str]], size=(612, 792)) -> None:
    """Draw (style, text) lines top-down, wrapping paragraphs; a blank line between paragraphs."""
    y = size[1] - 72
    for style, text in lines:
        font, points, width = ("Helvetica-Bold", 14, 70) if style == "h" else ("Helvetica", 10, 95)
        c.setFont(font, points)
        for line in textwrap.wrap(text, width) or [""]:
            c.drawString(72, y, line)
            y -= points + 4
        y -= 10


def write_pdf(path: Path, pages: list[list[tuple[str, str]]], *, encrypt: str | None = None) -> Path:
    """A PDF with a text layer: one list of (style, text) per page; style "h" = heading."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=StandardEncryption(encrypt, canPrint=0) if encrypt else None)
    for page in pages:
        _pdf_lines(c, page)
        c.showPage()
    c.save()
    return path


def standard_pdf(path: Path, *, release_title: str | None = "COPC CSP Standard Release 5.1",
                 items: list[tuple[str, str]] | None = None, language: str = "en") -> Path:
    """Shaped like a standard: a title page naming the release, then one page per item heading.
    The requirement text is generated ("The site keeps ... for <title>"), never the licence's."""
    items = items or [("2.3", "Corrective Action and Continuous Improvement"), ("2.4", "Transaction Monitoring"),
                      ("3.3", "Training and Development")]
    title = [("h", "Internal training copy"), ("p", "Generated for the COPC Assistant tests.")]
    if release_title:
        title.insert(1, ("h", release_title))
    pages = [title]
    for number, name in items:
        heading = f"{number} {name}" if language == "en" else f"Ítem {number} {name}"
        if language == "en":
            body = (f"Test requirement {number}: the site keeps a written method for {name.lower()}, names who owns it "
                    f"and reviews it at least twice a year. Evidence for {number} is a dated record of each review.")
        else:
            body = (f"Requisito de prueba {number}: el sitio mantiene un método escrito para {name.lower()}, nombra a su "
                    f"responsable y lo revisa al menos dos veces al año. La evidencia del {number} es un registro "
                    f"fechado de cada revisión.")
        pages.append([("h", heading), ("p", body)])
    return write_pdf(path, pages)


def procedure_pdf(path: Path, topics=TOPICS, language: str = "en", *, reference: bool = True) -> Path:
    """A site procedure, one topic per page; the page names its item ("see COPC 2.3") when asked."""
    pages = []
    for t in topics:
        text = t.text_en if language == "en" else t.text_es
        title = t.title_en if language == "en" else t.title_es
        lines = [("h", f"{len(pages) + 1}. {title}"), ("p", text)]
        if reference:
            lines.append(("p", f"This practice supports COPC {t.item}." if language == "en"
                          else f"Esta práctica atiende el ítem {t.item} de COPC."))
        pages.append(lines)
    return write_pdf(path, pages)


def procedure_docx(path: Path, topics=TOPICS, language: str = "en") -> Path:
    """A Word procedure: title, one heading per topic on its own page, numbered steps and a table."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    document.add_heading("Site procedures" if language == "en" else "Procedimientos del sitio", level=0)
    for i, t in enumerate(topics):
        if i:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_heading(t.title_en if language == "en" else t.title_es, level=1)
        document.add_paragraph(t.text_en if language == "en" else t.text_es)
        document.add_paragraph(f"Related requirement: COPC {t.item}." if language == "en"
                               else f"Requisito relacionado: ítem {t.item}.", style="List Number")
        table = document.add_table(rows=2, cols=3)
        header = ("Step", "Owner", "Record") if language == "en" else ("Paso", "Responsable", "Registro")
        for cell, text in zip(table.rows[0].cells, header):
            cell.text = text
        for cell, text in zip(table.rows[1].cells, ("1", "Team lead" if language == "en" else "Líder", f"log-{t.key}")):
            cell.text = text
    document.save(str(path))
    return path


def deck_pptx(path: Path, topics=TOPICS, language: str = "en") -> Path:
    """A training deck: one slide per topic (title, body) with speaker notes."""
    from pptx import Presentation

    deck = Presentation()
    for t in topics:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = t.title_en if language == "en" else t.title_es
        slide.placeholders[1].text_frame.text = t.text_en if language == "en" else t.text_es
        slide.notes_slide.notes_text_frame.text = (f"Trainer note: link this slide to item {t.item}." if language == "en"
                                                   else f"Nota del instructor: relacione esta lámina con el ítem {t.item}.")
    deck.save(str(path))
    return path
