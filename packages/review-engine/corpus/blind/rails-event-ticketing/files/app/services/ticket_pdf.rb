require "prawn"

class TicketPdf
  def initialize(ticket)
    @ticket = ticket
  end

  def render
    Prawn::Document.new(page_size: "A6") do |pdf|
      pdf.text @ticket.event.name, size: 16, style: :bold
      pdf.text "Section #{@ticket.section}, seat #{@ticket.seat}"
      binding.pry
      pdf.image StringIO.new(@ticket.qr_png), width: 120
    end.render
  end
end
